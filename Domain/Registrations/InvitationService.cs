using ClustersCord.Domain.Common;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Registrations;

public abstract record IssueInvitationOutcome
{
    public sealed record EventNotFound : IssueInvitationOutcome;
    public sealed record Invalid(ValidationErrors Errors) : IssueInvitationOutcome;
    /// <summary><paramref name="Code"/> is shown this once and never stored.</summary>
    public sealed record Issued(Invitation Invitation, string Code) : IssueInvitationOutcome;
}

/// <summary>Organisers issuing, listing and revoking invitations; the checks registration makes with a code.</summary>
public sealed class InvitationService(IEventStore events, IInvitationStore invitations, TimeProvider time)
{
    public const int MaxUsesLimit = 10_000;

    public async Task<IssueInvitationOutcome> IssueAsync(string eventId, InvitationInput input, CancellationToken cancellationToken)
    {
        if (await FindEventAsync(eventId, cancellationToken) is null)
        {
            return new IssueInvitationOutcome.EventNotFound();
        }
        var errors = new ValidationErrors();
        var email = TextRules.Check(errors, "email", input.Email, EmailAddress.MaxLength, required: false)?.Normalize(System.Text.NormalizationForm.FormKC);
        if (email is not null && !errors.Has("email") && !EmailAddress.IsValid(email))
        {
            errors.Add("email", "Not a valid email address.");
        }
        var organisation = TextRules.Check(errors, "organisation", input.Organisation, 200, required: false);
        if (email is null && organisation is null && errors.IsEmpty)
        {
            errors.Add("email", "Give the person's email, or the organisation the code is for.");
        }
        if (input.MaxUses is { } max && (max < 1 || max > MaxUsesLimit))
        {
            errors.Add("maxUses", $"A whole number from 1 to {MaxUsesLimit}.");
        }
        if (!errors.IsEmpty)
        {
            return new IssueInvitationOutcome.Invalid(errors);
        }
        var (id, code) = InvitationCode.New();
        var invitation = new Invitation
        {
            Id = id,
            EventId = eventId,
            Email = email,
            EmailKey = email is null ? null : EmailAddress.Normalize(email),
            Organisation = organisation,
            MaxUses = input.MaxUses,
            CreatedAt = time.GetUtcNow(),
            CodeHash = InvitationCode.Hash(code),
        };
        await invitations.CreateAsync(invitation, cancellationToken);
        return new IssueInvitationOutcome.Issued(invitation, code);
    }

    /// <summary>The event's invitations, newest first; null for an unknown event.</summary>
    public async Task<IReadOnlyList<Invitation>?> ListAsync(string eventId, CancellationToken cancellationToken)
        => await FindEventAsync(eventId, cancellationToken) is null ? null
            : (await invitations.ListAsync(eventId, cancellationToken)).OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToArray();

    public async Task<bool> RevokeAsync(string eventId, string invitationId, CancellationToken cancellationToken)
        => InvitationCode.IsValidId(invitationId)
           && await FindEventAsync(eventId, cancellationToken) is not null
           && await invitations.RevokeAsync(eventId, invitationId, time.GetUtcNow(), cancellationToken);

    /// <summary>
    /// The invitation a registrant's code opens for <paramref name="email"/>; null for a missing, unknown,
    /// wrong, revoked or used-up code and for another person's code alike.
    /// </summary>
    public async Task<Invitation?> CheckAsync(string eventId, string? code, string? email, CancellationToken cancellationToken)
    {
        code = InvitationCode.Clean(code);
        if (InvitationCode.IdOf(code) is not { } id)
        {
            return null;
        }
        var invitation = await invitations.GetAsync(eventId, id, cancellationToken);
        return invitation is not null && InvitationCode.Matches(code!, invitation.CodeHash) && invitation.Admits(email) ? invitation : null;
    }

    /// <summary>Admits with one use of the invitation, in the registration's own transaction; null when none is left.</summary>
    public Task<Admission?> AdmitAsync(Registration candidate, Invitation invitation, CancellationToken cancellationToken)
        => invitations.AdmitAsync(candidate, invitation.Id, cancellationToken);

    /// <summary>Deletes the invitations of events that ended more than <paramref name="retention"/> ago, as the purge does with registrations.</summary>
    public async Task<int> PurgeAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - retention;
        var deleted = 0;
        foreach (var programmeEvent in await events.ListAsync(cancellationToken))
        {
            if (EndOf(programmeEvent) is { } ended && ended <= cutoff)
            {
                deleted += await invitations.DeleteAllAsync(programmeEvent.Id, cancellationToken);
            }
        }
        return deleted;
    }

    /// <summary>Erasure: every invitation bound to the person's address, in every event.</summary>
    public async Task<int> ForgetPersonAsync(string email, CancellationToken cancellationToken)
    {
        var key = EmailAddress.Normalize(email);
        var deleted = 0;
        foreach (var programmeEvent in await events.ListAsync(cancellationToken))
        {
            deleted += await invitations.ForgetPersonAsync(programmeEvent.Id, key, cancellationToken);
        }
        return deleted;
    }

    private static DateTimeOffset? EndOf(Event programmeEvent)
        => programmeEvent.EndsAt ?? (programmeEvent.Month is null ? null : programmeEvent.SortKey.AddMonths(1));

    private async Task<Event?> FindEventAsync(string eventId, CancellationToken cancellationToken)
        => EventValidator.IsValidId(eventId) ? await events.GetAsync(eventId, cancellationToken) : null;
}
