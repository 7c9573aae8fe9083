using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Catalogue;

/// <summary>
/// What a cluster's contact does with the profile's manage link: see it, edit it, withdraw it, and join
/// or leave its sectors' working groups. The caller has checked the token (Functions' ClusterContactGate).
/// </summary>
public sealed partial class CatalogueService
{
    /// <summary>The profile for its contact; null when there is none or it was withdrawn.</summary>
    public async Task<ClusterProfile?> OwnProfileAsync(string id, CancellationToken cancellationToken)
        => await store.GetAsync(id, cancellationToken) is { Status: not ProfileStatus.Withdrawn } profile ? profile : null;

    /// <summary>
    /// The contact's edit, validated as a submission. A pending profile is edited in place (a rejected
    /// one goes back to moderation); an approved profile keeps its public version and the edit waits
    /// beside it for moderation (a second edit replaces the first). Working groups are not changed here
    /// (they have their own requests), nor whether it is sample data.
    /// </summary>
    public Task<ProfileOutcome> EditOwnAsync(string id, ClusterInput input, CancellationToken cancellationToken)
        => store.UpdateAsync<ProfileOutcome>(id, existing =>
        {
            if (existing is null or { Status: ProfileStatus.Withdrawn })
            {
                return new(new ProfileOutcome.NotFound());
            }
            var errors = new ValidationErrors();
            var now = time.GetUtcNow();
            var edited = ClusterValidator.Validate(input with { IsSample = existing.IsSample, WorkingGroups = null }, id, ProfileStatus.Pending, now, errors);
            if (edited is null)
            {
                return new(new ProfileOutcome.Invalid(errors));
            }
            var saved = existing.Status == ProfileStatus.Approved
                ? existing with { PendingEdit = edited }
                : edited with
                {
                    SubmittedAt = existing.SubmittedAt,
                    ReviewedAt = existing.ReviewedAt,
                    Memberships = existing.Memberships,
                    Notices = existing.Notices,
                };
            return new(new ProfileOutcome.Done(saved), saved);
        }, cancellationToken);

    /// <summary>
    /// Withdraws the profile: out of the catalogue, search, matches and working groups at once; the
    /// contact and any pending edit erased; the row kept as withdrawn (name and country stay, for the
    /// records that name the cluster). The manage link opens nothing afterwards.
    /// </summary>
    public Task<ProfileOutcome> WithdrawAsync(string id, CancellationToken cancellationToken)
        => store.UpdateAsync<ProfileOutcome>(id, existing =>
        {
            if (existing is null or { Status: ProfileStatus.Withdrawn })
            {
                return new(new ProfileOutcome.NotFound());
            }
            var withdrawn = existing with
            {
                Status = ProfileStatus.Withdrawn,
                Contact = ClusterContact.Erased,
                PendingEdit = null,
                Memberships = [],
                Notices = [],
                ReviewedAt = time.GetUtcNow(),
            };
            return new(new ProfileOutcome.Done(withdrawn), withdrawn, existing.Status == ProfileStatus.Approved);
        }, cancellationToken);
}
