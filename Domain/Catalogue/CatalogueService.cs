using System.Security.Cryptography;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Catalogue;

public abstract record ProfileOutcome
{
    public sealed record Invalid(ValidationErrors Errors) : ProfileOutcome;
    public sealed record NotFound : ProfileOutcome;
    /// <summary>The profile is not in a state that allows this (the detail says why).</summary>
    public sealed record Conflict(string Detail) : ProfileOutcome;
    public sealed record Done(ClusterProfile Profile) : ProfileOutcome;
}

public sealed record WorkingGroupMember(ClusterProfile Profile, DateTimeOffset MemberSince);

public sealed record WorkingGroup(Sector Sector, IReadOnlyList<WorkingGroupMember> Members, string? NextEventId);

/// <summary>
/// The cluster catalogue: presenting a cluster, moderation, search, matchmaking and working groups.
/// Reads are served from a <see cref="CatalogueIndex"/> snapshot, rebuilt only when the catalogue version
/// has moved on (the store says how fresh its version is: see <see cref="IClusterStore.VersionAsync"/>).
/// Every change to a profile is a read-decide-save under the row's ETag (<see cref="IClusterStore.UpdateAsync"/>),
/// so a contact's edit, an organiser's decision and a join request on the same profile never undo each other.
/// </summary>
public sealed partial class CatalogueService(
    IClusterStore store,
    IEventStore events,
    IEmailQueue emailQueue,
    IEmailSender sender,
    IDecisionEmailLedger decisionEmails,
    IEmailRefusalStore refusals,
    ClusterLinks links,
    TimeProvider time)
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile CatalogueIndex? _snapshot;

    /// <summary>
    /// A contact presents a cluster: saved as pending with a notice that sends the manage link. The
    /// acknowledgement is queued best effort: the answer carries the same link.
    /// </summary>
    public async Task<ProfileOutcome> SubmitAsync(ClusterInput input, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var now = time.GetUtcNow();
        var profile = ClusterValidator.Validate(input with { IsSample = false }, NewId(input.Name), ProfileStatus.Pending, now, errors);
        if (profile is null)
        {
            return new ProfileOutcome.Invalid(errors);
        }
        profile = profile.WithNotice(new ClusterNotice(NoticeKind.Received, now));
        await store.SaveAsync(profile, catalogueChanged: false, cancellationToken);
        try
        {
            await emailQueue.EnqueueDecisionAsync(profile.Id, now, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The profile is saved and the answer carries its manage link; only the acknowledgement is missed.
        }
        return new ProfileOutcome.Done(profile);
    }

    /// <summary>The manage link of a profile (the submission's answer, the emails).</summary>
    public string ManageLink(string clusterId) => links.Manage(clusterId);

    /// <summary>Organisers' edit: the whole profile again; its status, history and pending requests stay.</summary>
    public Task<ProfileOutcome> EditAsync(string id, ClusterInput input, CancellationToken cancellationToken)
        => store.UpdateAsync<ProfileOutcome>(id, existing =>
        {
            if (existing is null or { Status: ProfileStatus.Withdrawn })
            {
                return new(new ProfileOutcome.NotFound());
            }
            var errors = new ValidationErrors();
            var now = time.GetUtcNow();
            var edited = ClusterValidator.Validate(input with { IsSample = existing.IsSample }, id, existing.Status, existing.SubmittedAt, errors);
            if (edited is null)
            {
                return new(new ProfileOutcome.Invalid(errors));
            }
            // The organisers' list of working groups: members stay members since they joined, newly listed
            // ones are members from now (requests while the profile is not approved); waiting requests stay.
            var listed = edited.Memberships.Select(m => m.Sector).ToHashSet();
            var memberships = existing.Memberships.Where(m => listed.Contains(m.Sector) ? m.IsMember : !m.IsMember)
                .Concat(edited.Memberships.Where(m => existing.MembershipOf(m.Sector) is not { IsMember: true })
                    .Select(m => new WorkingGroupMembership(m.Sector, existing.MembershipOf(m.Sector)?.RequestedAt ?? now,
                        existing.Status == ProfileStatus.Approved ? now : null)))
                .GroupBy(m => m.Sector).Select(g => g.OrderByDescending(m => m.IsMember).First()).ToArray();
            edited = edited with
            {
                ReviewedAt = existing.ReviewedAt,
                Memberships = memberships,
                PendingEdit = existing.PendingEdit,
                Notices = existing.Notices,
            };
            return new(new ProfileOutcome.Done(edited), edited, existing.Status == ProfileStatus.Approved);
        }, cancellationToken);

    /// <summary>
    /// Approves a pending (or rejected) profile, with the working groups it asked for; or, for an approved
    /// profile with a pending edit, puts the edit in its place. The contact is told by email.
    /// </summary>
    public async Task<ProfileOutcome> ApproveAsync(string id, CancellationToken cancellationToken)
    {
        var (outcome, notice) = await store.UpdateAsync<(ProfileOutcome, ClusterNotice?)>(id, profile =>
        {
            if (profile is null or { Status: ProfileStatus.Withdrawn })
            {
                return new((new ProfileOutcome.NotFound(), null));
            }
            var at = profile.NextNoticeAt(time.GetUtcNow());
            if (profile is { Status: ProfileStatus.Approved, PendingEdit: { } edit })
            {
                var notice = new ClusterNotice(NoticeKind.EditApproved, at);
                var replaced = (edit with
                {
                    Id = profile.Id,
                    Status = ProfileStatus.Approved,
                    SubmittedAt = profile.SubmittedAt,
                    ReviewedAt = at,
                    Memberships = profile.Memberships,
                    Notices = profile.Notices,
                    IsSample = profile.IsSample,
                    PendingEdit = null,
                }).WithNotice(notice);
                return new((new ProfileOutcome.Done(replaced), notice), replaced, CatalogueChanged: true);
            }
            if (profile.Status == ProfileStatus.Approved)
            {
                // The same decision again: its email is queued again (its queuing may have failed after the save).
                return new((new ProfileOutcome.Done(profile), LastStatusNotice(profile, NoticeKind.Approved)));
            }
            var decided = profile with
            {
                Status = ProfileStatus.Approved,
                ReviewedAt = at,
                Memberships = [.. profile.Memberships.Select(m => m.IsMember ? m : m with { MemberSince = at })],
            };
            var approved = new ClusterNotice(NoticeKind.Approved, at);
            decided = decided.WithNotice(approved);
            return new((new ProfileOutcome.Done(decided), approved), decided, CatalogueChanged: true);
        }, cancellationToken);
        await QueueAsync(outcome, notice, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// Rejects a pending profile (or takes an approved one out of the catalogue); for an approved profile
    /// with a pending edit, drops the edit and keeps the approved version. The contact is told by email.
    /// </summary>
    public async Task<ProfileOutcome> RejectAsync(string id, CancellationToken cancellationToken)
    {
        var (outcome, notice) = await store.UpdateAsync<(ProfileOutcome, ClusterNotice?)>(id, profile =>
        {
            if (profile is null or { Status: ProfileStatus.Withdrawn })
            {
                return new((new ProfileOutcome.NotFound(), null));
            }
            var at = profile.NextNoticeAt(time.GetUtcNow());
            if (profile is { Status: ProfileStatus.Approved, PendingEdit: not null })
            {
                var notice = new ClusterNotice(NoticeKind.EditRejected, at);
                var kept = (profile with { PendingEdit = null }).WithNotice(notice);
                return new((new ProfileOutcome.Done(kept), notice), kept);
            }
            if (profile.Status == ProfileStatus.Rejected)
            {
                return new((new ProfileOutcome.Done(profile), LastStatusNotice(profile, NoticeKind.Rejected)));
            }
            var rejected = new ClusterNotice(NoticeKind.Rejected, at);
            var decided = (profile with { Status = ProfileStatus.Rejected, ReviewedAt = at }).WithNotice(rejected);
            return new((new ProfileOutcome.Done(decided), rejected), decided, CatalogueChanged: profile.Status == ProfileStatus.Approved);
        }, cancellationToken);
        await QueueAsync(outcome, notice, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// Organisers' import (sample data, migrations): profiles with ids of their own, approved at once, no emails.
    /// Importing a profile that exists replaces what the import describes and keeps what the platform recorded
    /// since (working-group memberships and requests, an edit awaiting review, the notices, when it was first
    /// submitted); a profile its contact withdrew is not brought back (Conflict). Read, decided and saved under
    /// the row's ETag, as every profile change.
    /// </summary>
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
        var imported = profile with { ReviewedAt = now };
        return await store.UpdateAsync<ProfileOutcome>(id, existing =>
        {
            if (existing is { Status: ProfileStatus.Withdrawn })
            {
                return new(new ProfileOutcome.Conflict("Withdrawn by its contact: not imported again."));
            }
            var saved = existing is null ? imported : Kept(existing, imported);
            return new(new ProfileOutcome.Done(saved), saved, CatalogueChanged: true);
        }, cancellationToken);
    }

    /// <summary>An imported profile over a stored one: memberships the import does not name, a pending edit, the notices and the submission time stay.</summary>
    private static ClusterProfile Kept(ClusterProfile existing, ClusterProfile imported)
    {
        var importedSectors = imported.Memberships.Select(m => m.Sector).ToHashSet();
        return imported with
        {
            Memberships = [.. imported.Memberships.Select(m => existing.Memberships.FirstOrDefault(e => e.Sector == m.Sector && e.IsMember) ?? m),
                .. existing.Memberships.Where(e => !importedSectors.Contains(e.Sector))],
            PendingEdit = existing.PendingEdit,
            Notices = existing.Notices,
            SubmittedAt = existing.SubmittedAt,
        };
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
            snapshot.Profiles.Where(p => p.MembershipOf(sector) is { IsMember: true })
                .Select(p => new WorkingGroupMember(p, p.MembershipOf(sector)!.MemberSince!.Value)).ToArray(),
            programme.Where(e => e.Sectors.Contains(sector) && (e.StartsAt ?? e.SortKey) > now)
                .OrderBy(e => e.SortKey).ThenBy(e => e.Id, StringComparer.Ordinal).FirstOrDefault()?.Id)).ToArray();
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
