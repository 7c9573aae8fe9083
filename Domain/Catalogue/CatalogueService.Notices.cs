using ClustersCord.Domain.Email;

namespace ClustersCord.Domain.Catalogue;

/// <summary>
/// The emails to a cluster's contact. Each is a <see cref="ClusterNotice"/> saved with the profile, named
/// in the delivery queue by the cluster's id and the notice's time (ids only), claimed once in the
/// decision ledger by that pair and composed in the contact's language when delivered.
/// </summary>
public sealed partial class CatalogueService
{
    /// <summary>
    /// Queues the email of a decision just saved (or made again). Throws when it cannot: the caller's
    /// answer fails and the same decision made again queues it again (delivery sends each notice once).
    /// </summary>
    private async Task QueueAsync(ProfileOutcome outcome, ClusterNotice? notice, CancellationToken cancellationToken)
    {
        if (outcome is ProfileOutcome.Done { Profile.Contact.IsErased: false } done && notice is not null)
        {
            await emailQueue.EnqueueDecisionAsync(done.Profile.Id, notice.At, cancellationToken);
        }
    }

    /// <summary>The notice of the profile's standing decision, when it is the given one.</summary>
    private static ClusterNotice? LastStatusNotice(ClusterProfile profile, NoticeKind kind)
        => profile.Notices.LastOrDefault(n => n.Kind is NoticeKind.Approved or NoticeKind.Rejected) is { } last && last.Kind == kind
            ? last
            : null;

    /// <summary>
    /// The notice a queued message names. A profile decision (approved, rejected) is sent only while the
    /// cluster still stands as decided then (a later decision queues its own); rows from before notices
    /// were kept name their decision by the review time.
    /// </summary>
    private static ClusterNotice? Owed(ClusterProfile profile, DateTimeOffset at)
    {
        if (profile.Notices.FirstOrDefault(n => n.At == at) is { } notice)
        {
            return notice.Kind switch
            {
                NoticeKind.Approved or NoticeKind.Rejected => LastStatusNotice(profile, notice.Kind) == notice
                    && profile.Status == (notice.Kind == NoticeKind.Approved ? ProfileStatus.Approved : ProfileStatus.Rejected) ? notice : null,
                _ => notice,
            };
        }
        return profile is { Status: ProfileStatus.Approved or ProfileStatus.Rejected } && profile.ReviewedAt == at && profile.Notices.Count == 0
            ? new ClusterNotice(profile.Status == ProfileStatus.Approved ? NoticeKind.Approved : NoticeKind.Rejected, at)
            : null;
    }

    /// <summary>
    /// Whether a queued message for this notice still has an email to send: the notice is owed (see
    /// <see cref="Owed"/>), the contact not erased, and nobody has claimed it (sent, refused, or sending it now,
    /// in which case that delivery carries it). What the undelivered list and its prune ask of a poisoned one.
    /// </summary>
    public async Task<bool> IsDecisionEmailOwedAsync(string id, DateTimeOffset reviewedAt, CancellationToken cancellationToken)
        => await store.GetAsync(id, cancellationToken) is { Contact.IsErased: false } profile && Owed(profile, reviewedAt) is not null
           && !await decisionEmails.IsClaimedAsync(id, reviewedAt, cancellationToken);

    /// <summary>
    /// Delivers a queued email to a cluster's contact, if it is still owed (see <see cref="Owed"/>) and the
    /// contact is not erased. Throws <see cref="EmailDeliveryDeferredException"/> when the provider did
    /// not take it, so the queue tries again.
    /// </summary>
    public async Task<bool> DeliverDecisionAsync(string id, DateTimeOffset reviewedAt, CancellationToken cancellationToken)
    {
        var profile = await store.GetAsync(id, cancellationToken);
        if (profile is null || profile.Contact.IsErased || Owed(profile, reviewedAt) is not { } notice
            || !await decisionEmails.ClaimAsync(id, reviewedAt, cancellationToken))
        {
            return false;
        }
        EmailSendOutcome? outcome = null;
        try
        {
            outcome = await sender.SendAsync(ClusterEmails.For(profile, notice, links.Manage(profile.Id)), cancellationToken);
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
            throw new EmailDeliveryDeferredException("The provider did not take the cluster email; it is tried again.");
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
}
