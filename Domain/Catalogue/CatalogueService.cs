using System.Security.Cryptography;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Catalogue;

public abstract record ProfileOutcome
{
    public sealed record Invalid(ValidationErrors Errors) : ProfileOutcome;
    public sealed record NotFound : ProfileOutcome;
    public sealed record Done(ClusterProfile Profile) : ProfileOutcome;
}

public sealed record WorkingGroup(Sector Sector, IReadOnlyList<ClusterProfile> Members, string? NextEventId);

/// <summary>
/// The cluster catalogue: presenting a cluster, moderation, search, matchmaking and working groups.
/// Reads are served from a <see cref="CatalogueIndex"/> snapshot, rebuilt only when the catalogue version
/// has moved on (the store says how fresh its version is: see <see cref="IClusterStore.VersionAsync"/>).
/// </summary>
public sealed class CatalogueService(
    IClusterStore store,
    IEventStore events,
    IEmailQueue emailQueue,
    IEmailSender sender,
    IDecisionEmailLedger decisionEmails,
    IEmailRefusalStore refusals,
    TimeProvider time)
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile CatalogueIndex? _snapshot;

    public async Task<ProfileOutcome> SubmitAsync(ClusterInput input, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var profile = ClusterValidator.Validate(input with { IsSample = false }, NewId(input.Name), ProfileStatus.Pending, time.GetUtcNow(), errors);
        if (profile is null)
        {
            return new ProfileOutcome.Invalid(errors);
        }
        await store.SaveAsync(profile, catalogueChanged: false, cancellationToken);
        return new ProfileOutcome.Done(profile);
    }

    /// <summary>Organisers' edit: the whole profile again; its status and history stay.</summary>
    public async Task<ProfileOutcome> EditAsync(string id, ClusterInput input, CancellationToken cancellationToken)
    {
        var existing = await store.GetAsync(id, cancellationToken);
        if (existing is null)
        {
            return new ProfileOutcome.NotFound();
        }
        var errors = new ValidationErrors();
        var edited = ClusterValidator.Validate(input with { IsSample = existing.IsSample }, id, existing.Status, existing.SubmittedAt, errors);
        if (edited is null)
        {
            return new ProfileOutcome.Invalid(errors);
        }
        edited = edited with { ReviewedAt = existing.ReviewedAt };
        await store.SaveAsync(edited, catalogueChanged: existing.Status == ProfileStatus.Approved, cancellationToken);
        return new ProfileOutcome.Done(edited);
    }

    public Task<ProfileOutcome> ApproveAsync(string id, CancellationToken cancellationToken) => DecideAsync(id, ProfileStatus.Approved, cancellationToken);

    public Task<ProfileOutcome> RejectAsync(string id, CancellationToken cancellationToken) => DecideAsync(id, ProfileStatus.Rejected, cancellationToken);

    /// <summary>Organisers' import (sample data, migrations): profiles with ids of their own, approved at once, no emails.</summary>
    public async Task<ProfileOutcome> ImportAsync(string id, ClusterInput input, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!Programme.EventValidator.IsValidId(id))
        {
            errors.Add("id", "Lower-case letters, digits and hyphens, 1 to 64 characters.");
        }
        var now = time.GetUtcNow();
        var profile = ClusterValidator.Validate(input, id, ProfileStatus.Approved, now, errors);
        if (profile is null || !errors.IsEmpty)
        {
            return new ProfileOutcome.Invalid(errors);
        }
        profile = profile with { ReviewedAt = now };
        await store.SaveAsync(profile, catalogueChanged: true, cancellationToken);
        return new ProfileOutcome.Done(profile);
    }

    public Task<Page<ClusterProfile>> ListAsync(ProfileStatus status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
        => store.ListAsync(status, pageSize, continuationToken, cancellationToken);

    /// <summary>The snapshot of the public catalogue as of now.</summary>
    public async Task<CatalogueIndex> SnapshotAsync(CancellationToken cancellationToken)
    {
        var version = await store.VersionAsync(cancellationToken);
        if (_snapshot is { } current && current.Version == version)
        {
            return current;
        }
        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } rebuilt && rebuilt.Version >= version)
            {
                return rebuilt;
            }
            var snapshot = CatalogueIndex.Build(version, await store.ApprovedAsync(cancellationToken));
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    public async Task<IReadOnlyList<Match>?> MatchesAsync(string id, int limit, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(cancellationToken);
        return snapshot.Get(id) is { } cluster ? Matchmaker.For(cluster, snapshot.Profiles, limit) : null;
    }

    public async Task<IReadOnlyList<WorkingGroup>> WorkingGroupsAsync(CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(cancellationToken);
        var programme = await events.ListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return Enum.GetValues<Sector>().Select(sector => new WorkingGroup(
            sector,
            snapshot.Profiles.Where(p => p.WorkingGroups.Contains(sector)).ToArray(),
            programme.Where(e => e.Sectors.Contains(sector) && (e.StartsAt ?? e.SortKey) > now)
                .OrderBy(e => e.SortKey).ThenBy(e => e.Id, StringComparer.Ordinal).FirstOrDefault()?.Id)).ToArray();
    }

    private async Task<ProfileOutcome> DecideAsync(string id, ProfileStatus decision, CancellationToken cancellationToken)
    {
        var profile = await store.GetAsync(id, cancellationToken);
        if (profile is null)
        {
            return new ProfileOutcome.NotFound();
        }
        var decided = profile;
        if (profile.Status != decision)
        {
            decided = profile with { Status = decision, ReviewedAt = time.GetUtcNow() };
            await store.SaveAsync(decided, catalogueChanged: true, cancellationToken);
        }
        // Queued, not sent: the answer does not wait for the provider. The same decision made again queues
        // it again (its queuing may have failed after the save); the delivery sends each decision once.
        if (!decided.Contact.IsErased && decided.ReviewedAt is { } reviewedAt)
        {
            await emailQueue.EnqueueDecisionAsync(decided.Id, reviewedAt, cancellationToken);
        }
        return new ProfileOutcome.Done(decided);
    }

    /// <summary>
    /// Delivers a queued decision email, if the cluster still stands as decided then (a later decision
    /// queues its own) and its contact is not erased. Throws <see cref="EmailDeliveryDeferredException"/>
    /// when the provider did not take it, so the queue tries again.
    /// </summary>
    public async Task<bool> DeliverDecisionAsync(string id, DateTimeOffset reviewedAt, CancellationToken cancellationToken)
    {
        var profile = await store.GetAsync(id, cancellationToken);
        if (profile is not { Status: ProfileStatus.Approved or ProfileStatus.Rejected } || profile.ReviewedAt != reviewedAt
            || profile.Contact.IsErased || !await decisionEmails.ClaimAsync(id, reviewedAt, cancellationToken))
        {
            return false;
        }
        EmailSendOutcome? outcome = null;
        try
        {
            outcome = await sender.SendAsync(ClusterEmails.Decision(profile, profile.Status == ProfileStatus.Approved), cancellationToken);
        }
        finally
        {
            if (outcome is null || outcome.Recipients.Any(r => r.Status == DeliveryStatus.Transient))
            {
                await decisionEmails.ReleaseAsync(id, reviewedAt, CancellationToken.None);
            }
        }
        if (outcome.Recipients.Any(r => r.Status == DeliveryStatus.Transient))
        {
            throw new EmailDeliveryDeferredException("The provider did not take the decision email; it is tried again.");
        }
        if (outcome.Recipients.FirstOrDefault(r => r.Status == DeliveryStatus.Refused) is { StatusCode: { } refusedWith })
        {
            // Kept for organisers to see and retry (the ledger keeps the claim until they do); should the
            // record fail, the claim goes too, so the queue tries again and records it then.
            try
            {
                await refusals.RecordAsync(EmailRefusal.OfDecision(id, reviewedAt, refusedWith, time.GetUtcNow()), cancellationToken);
            }
            catch
            {
                await decisionEmails.ReleaseAsync(id, reviewedAt, CancellationToken.None);
                throw;
            }
        }
        return true;
    }

    /// <summary>A readable id from the name, with a random tail so that two clusters of one name never collide.</summary>
    private static string NewId(string? name)
    {
        var slug = new string(TextFolding.Fold(name).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        slug = string.Join('-', slug.Split('-', StringSplitOptions.RemoveEmptyEntries));
        slug = slug.Length > 40 ? slug[..40].TrimEnd('-') : slug;
        var tail = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        return slug.Length == 0 ? "cluster-" + tail : slug + "-" + tail;
    }
}
