using System.Security.Cryptography;
using System.Text;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Cooperation;

public abstract record IntroductionOutcome
{
    public sealed record Created(Introduction Introduction) : IntroductionOutcome;
    public sealed record Invalid(ValidationErrors Errors) : IntroductionOutcome;
    /// <summary>Over the rate limit; the next request is possible after <paramref name="RetryAfter"/>.</summary>
    public sealed record TooMany(TimeSpan RetryAfter) : IntroductionOutcome;
    public sealed record Conflict(string Detail) : IntroductionOutcome;
    public sealed record NotFound : IntroductionOutcome;
    public sealed record Decided(Introduction Introduction) : IntroductionOutcome;
    /// <summary>Other writers kept changing the same records: nothing was stored; try again shortly.</summary>
    public sealed record Busy : IntroductionOutcome;
}

/// <summary>
/// Introductions between approved clusters: asking (rate-limited per asking cluster, not to itself, not again
/// while one is open or after a decline for a while), the invited contact's acceptance or decline (one state
/// whatever the concurrency: the write is conditional on the version read), the emails that follow (owed on the
/// record, then queued; delivery marks each sent, the sweep sends what the queue lost), and the cluster's list.
/// Contact details are given only after acceptance, to the two contacts alone.
/// </summary>
public sealed class IntroductionService(
    IIntroductionStore store,
    IClusterStore clusters,
    ICooperationEmailQueue queue,
    IEmailSender sender,
    Catalogue.ClusterLinks links,
    IntroductionRules rules,
    TimeProvider time)
{
    public const int MaxMessageLength = 2000;
    private const int Attempts = 8;

    public async Task<IntroductionOutcome> RequestAsync(ClusterProfile asker, string? to, string? message, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var text = TextRules.Check(errors, "message", message, MaxMessageLength, required: true, multiline: true);
        var target = string.IsNullOrWhiteSpace(to) ? null : to.Trim();
        ClusterProfile? invited = null;
        if (target is null)
        {
            errors.Add("to", "Required.");
        }
        else if (target == asker.Id)
        {
            errors.Add("to", "A cluster cannot ask to be introduced to itself.");
        }
        else if (target.Length > 100 || (invited = await clusters.GetAsync(target, cancellationToken)) is not { Status: ProfileStatus.Approved })
        {
            errors.Add("to", "No approved cluster in the catalogue has this id.");
        }
        if (!errors.IsEmpty)
        {
            return new IntroductionOutcome.Invalid(errors);
        }
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var now = time.GetUtcNow();
            var between = (await store.OfClusterAsync(asker.Id, cancellationToken)).Where(i => i.Involves(invited!.Id)).ToList();
            if (between.Any(i => i.State == IntroductionState.Pending))
            {
                return new IntroductionOutcome.Conflict("A request for an introduction between these two clusters is waiting for an answer.");
            }
            if (between.Any(i => i.State == IntroductionState.Accepted))
            {
                return new IntroductionOutcome.Conflict("These two clusters have been introduced already.");
            }
            if (between.Any(i => i.State == IntroductionState.Declined && i.FromClusterId == asker.Id && i.DecidedAt > now - rules.DeclinedPause))
            {
                return new IntroductionOutcome.Conflict(
                    $"The other cluster declined this introduction recently; it can be asked again {rules.DeclinedPause.TotalDays:0} days after the decline.");
            }
            var quota = await store.QuotaAsync(asker.Id, cancellationToken);
            var recent = quota.RequestedAt.Where(at => at > now - rules.Window).Order().ToList();
            if (recent.Count >= rules.RequestsPerWindow)
            {
                var retryAfter = recent[recent.Count - rules.RequestsPerWindow] + rules.Window - now;
                return new IntroductionOutcome.TooMany(retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
            }
            var introduction = new Introduction
            {
                Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
                FromClusterId = asker.Id,
                ToClusterId = invited!.Id,
                Message = text!,
                SenderKey = PersonKey(asker.Contact.Email),
                State = IntroductionState.Pending,
                RequestedAt = now,
                RequestEmailOwed = true,
            };
            if (await store.TryAddAsync(introduction, [.. recent, now], quota.ETag, cancellationToken))
            {
                await QueueAsync(introduction.Id, cancellationToken);
                return new IntroductionOutcome.Created(introduction);
            }
        }
        return new IntroductionOutcome.Busy();
    }

    /// <summary>The invited cluster accepts or declines; anyone else, or an unknown id, finds nothing.</summary>
    public async Task<IntroductionOutcome> DecideAsync(string invitedClusterId, string introductionId, bool accept, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await store.GetAsync(introductionId, cancellationToken) is not { } read || read.Value.ToClusterId != invitedClusterId)
            {
                return new IntroductionOutcome.NotFound();
            }
            var current = read.Value;
            var wanted = accept ? IntroductionState.Accepted : IntroductionState.Declined;
            if (current.State == wanted)
            {
                return new IntroductionOutcome.Decided(current);
            }
            if (current.State != IntroductionState.Pending)
            {
                return new IntroductionOutcome.Conflict($"This introduction was {Enums.Name(current.State)} already.");
            }
            Introduction decided;
            if (accept)
            {
                var asker = await clusters.GetAsync(current.FromClusterId, cancellationToken);
                var invited = await clusters.GetAsync(current.ToClusterId, cancellationToken);
                if (asker is not { Status: ProfileStatus.Approved } || invited is null)
                {
                    return new IntroductionOutcome.Conflict("The asking cluster is no longer in the catalogue.");
                }
                decided = current with
                {
                    State = IntroductionState.Accepted,
                    DecidedAt = time.GetUtcNow(),
                    RequestEmailOwed = false,
                    AskerContact = asker.Contact,
                    InvitedContact = invited.Contact,
                    AskerEmailOwed = !asker.Contact.IsErased,
                    InvitedEmailOwed = !invited.Contact.IsErased,
                };
            }
            else
            {
                decided = current with { State = IntroductionState.Declined, DecidedAt = time.GetUtcNow(), RequestEmailOwed = false };
            }
            if (await store.TryReplaceAsync(decided, read.ETag, cancellationToken))
            {
                if (decided.OwesEmail)
                {
                    await QueueAsync(decided.Id, cancellationToken);
                }
                return new IntroductionOutcome.Decided(decided);
            }
        }
        return new IntroductionOutcome.Busy();
    }

    public async Task<IReadOnlyList<Introduction>> OfClusterAsync(string clusterId, CancellationToken cancellationToken)
        => [.. (await store.OfClusterAsync(clusterId, cancellationToken)).OrderByDescending(i => i.RequestedAt)];

    /// <summary>
    /// Sends whatever the introduction still owes (the request to the invited contact; after acceptance each
    /// contact the other's details), marking each sent. One delivery at a time: it claims the introduction for
    /// <see cref="ClaimLease"/> under its ETag, so a second queue message or the sweep sends nothing twice (a claim
    /// left by a delivery that died expires). It repeats while something new became owed meanwhile. Throws
    /// <see cref="EmailDeliveryDeferredException"/> when the provider did not take one: the queue tries again,
    /// the sweep after it. True when it sent or settled anything.
    /// </summary>
    public async Task<bool> DeliverAsync(string introductionId, CancellationToken cancellationToken)
    {
        var served = false;
        for (var round = 0; round < Attempts; round++)
        {
            if (await store.GetAsync(introductionId, cancellationToken) is not { } read || !read.Value.OwesEmail
                || read.Value.ClaimedUntil > time.GetUtcNow())
            {
                return served;
            }
            var claimed = read.Value with { ClaimedUntil = time.GetUtcNow() + ClaimLease };
            if (!await store.TryReplaceAsync(claimed, read.ETag, cancellationToken))
            {
                continue;
            }
            try
            {
                await SendOwedAsync(claimed, cancellationToken);
                served = true;
            }
            finally
            {
                await MarkAsync(introductionId, i => i with { ClaimedUntil = null }, CancellationToken.None);
            }
        }
        return served;
    }

    /// <summary>How long a delivery holds its claim on an introduction's emails.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    private async Task SendOwedAsync(Introduction introduction, CancellationToken cancellationToken)
    {
        var introductionId = introduction.Id;
        var asker = await clusters.GetAsync(introduction.FromClusterId, cancellationToken);
        var invited = await clusters.GetAsync(introduction.ToClusterId, cancellationToken);
        if (introduction.RequestEmailOwed)
        {
            if (introduction.State == IntroductionState.Pending && asker is not null && invited is { Contact.IsErased: false } && introduction.Message.Length > 0)
            {
                await SendAsync(IntroductionEmails.Request(invited, asker, introduction.Message, links.Introductions(invited.Id)), cancellationToken);
            }
            await MarkAsync(introductionId, i => i with { RequestEmailOwed = false }, cancellationToken);
        }
        if (introduction.AskerEmailOwed)
        {
            if (introduction.AskerContact is { IsErased: false } to && introduction.InvitedContact is { IsErased: false } other)
            {
                await SendAsync(IntroductionEmails.Accepted(to, asker?.Language ?? Language.Default, invited?.Name ?? "", other, links.Introductions(introduction.FromClusterId)), cancellationToken);
            }
            await MarkAsync(introductionId, i => i with { AskerEmailOwed = false }, cancellationToken);
        }
        if (introduction.InvitedEmailOwed)
        {
            if (introduction.InvitedContact is { IsErased: false } to && introduction.AskerContact is { IsErased: false } other)
            {
                await SendAsync(IntroductionEmails.Accepted(to, invited?.Language ?? Language.Default, asker?.Name ?? "", other, links.Introductions(introduction.ToClusterId)), cancellationToken);
            }
            await MarkAsync(introductionId, i => i with { InvitedEmailOwed = false }, cancellationToken);
        }
    }

    /// <summary>Sends what is still owed after the grace (a queue message that never arrived); the number of introductions served.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - rules.EmailGrace;
        var served = 0;
        foreach (var owed in (await store.AllAsync(cancellationToken)).Where(i => i.Value.OwesEmail && (i.Value.DecidedAt ?? i.Value.RequestedAt) <= cutoff))
        {
            served += await DeliverAsync(owed.Value.Id, cancellationToken) ? 1 : 0;
        }
        return served;
    }

    /// <summary>
    /// A person's erasure: the messages they wrote (by the key of the address they wrote from) are emptied and
    /// every copy of their contact is cleared, with any email still owed to or about them.
    /// </summary>
    public async Task<(int Messages, int Contacts)> EraseAsync(string email, CancellationToken cancellationToken)
    {
        var key = PersonKey(email);
        var normalised = EmailAddress.Normalize(email);
        int messages = 0, contacts = 0;
        foreach (var stored in await store.AllAsync(cancellationToken))
        {
            var i = stored.Value;
            var wrote = i.SenderKey == key && i.Message.Length > 0;
            var asAsker = i.AskerContact is { IsErased: false } a && EmailAddress.Normalize(a.Email) == normalised;
            var asInvited = i.InvitedContact is { IsErased: false } b && EmailAddress.Normalize(b.Email) == normalised;
            if (!wrote && !asAsker && !asInvited)
            {
                continue;
            }
            messages += wrote ? 1 : 0;
            contacts += (asAsker ? 1 : 0) + (asInvited ? 1 : 0);
            await MarkAsync(i.Id, current => current with
            {
                Message = wrote ? "" : current.Message,
                RequestEmailOwed = !wrote && current.RequestEmailOwed,
                AskerContact = asAsker ? ClusterContact.Erased : current.AskerContact,
                InvitedContact = asInvited ? ClusterContact.Erased : current.InvitedContact,
                AskerEmailOwed = current.AskerEmailOwed && !asAsker && !asInvited,
                InvitedEmailOwed = current.InvitedEmailOwed && !asAsker && !asInvited,
            }, cancellationToken);
        }
        return (messages, contacts);
    }

    /// <summary>The key a person's address is known by here: SHA-256 of its normalised form, never the address.</summary>
    public static string PersonKey(string email)
        => email.Length == 0 ? "" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EmailAddress.Normalize(email))));

    private async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var outcome = await sender.SendAsync(message, cancellationToken);
        if (outcome.Recipients.Any(r => r.Status == DeliveryStatus.Transient))
        {
            throw new EmailDeliveryDeferredException("The provider did not take an introduction email; it is tried again.");
        }
    }

    private async Task MarkAsync(string id, Func<Introduction, Introduction> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await store.GetAsync(id, cancellationToken) is not { } read)
            {
                return;
            }
            if (await store.TryReplaceAsync(change(read.Value), read.ETag, cancellationToken))
            {
                return;
            }
        }
        throw new InvalidOperationException("An introduction could not be updated for contention; the delivery is tried again.");
    }

    private async Task QueueAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await queue.EnqueueIntroductionAsync(id, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The email is owed on the record: the sweep sends it after the grace.
        }
    }
}
