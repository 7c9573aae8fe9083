using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Catalogue;

public abstract record MembershipOutcome
{
    public sealed record Invalid(ValidationErrors Errors) : MembershipOutcome;
    public sealed record NotFound(string Detail) : MembershipOutcome;
    public sealed record Conflict(string Detail) : MembershipOutcome;
    /// <summary>The membership as it stands (null: none, after leaving or a decline).</summary>
    public sealed record Done(ClusterProfile Profile, Sector Sector, WorkingGroupMembership? Membership) : MembershipOutcome;
}

/// <summary>A join request waiting for organisers.</summary>
public sealed record MembershipRequest(ClusterProfile Profile, Sector Sector, DateTimeOffset RequestedAt);

/// <summary>
/// The sector working groups. A profile's <see cref="ClusterProfile.Memberships"/> are the truth: an
/// approved cluster asks to join a group of one of its sectors, organisers approve (it is a member since
/// then) or decline, and it can leave. The contact is told of each decision by email.
/// </summary>
public sealed partial class CatalogueService
{
    public Task<MembershipOutcome> JoinAsync(string id, string sectorName, CancellationToken cancellationToken)
    {
        if (Enums.Parse<Sector>(sectorName) is not { } sector)
        {
            return Task.FromResult<MembershipOutcome>(new MembershipOutcome.NotFound("No such working group: the sectors are " + Enums.Names<Sector>() + "."));
        }
        return store.UpdateAsync<MembershipOutcome>(id, profile =>
        {
            if (profile is null or { Status: ProfileStatus.Withdrawn })
            {
                return new(new MembershipOutcome.NotFound("No such cluster profile."));
            }
            if (!profile.Sectors.Contains(sector))
            {
                var errors = new ValidationErrors();
                errors.Add("sector", "Only a working group of one of the cluster's own sectors (" + string.Join(", ", profile.Sectors.Select(s => Enums.Name(s))) + ").");
                return new(new MembershipOutcome.Invalid(errors));
            }
            if (profile.Status != ProfileStatus.Approved)
            {
                return new(new MembershipOutcome.Conflict("Only a profile approved for the catalogue can join a working group."));
            }
            if (profile.MembershipOf(sector) is { } existing)
            {
                return new(new MembershipOutcome.Done(profile, sector, existing));
            }
            var membership = new WorkingGroupMembership(sector, time.GetUtcNow(), null);
            var saved = profile with { Memberships = [.. profile.Memberships, membership] };
            return new(new MembershipOutcome.Done(saved, sector, membership), saved);
        }, cancellationToken);
    }

    /// <summary>Leaves the group, or takes back a waiting request; leaving twice is no error.</summary>
    public Task<MembershipOutcome> LeaveAsync(string id, string sectorName, CancellationToken cancellationToken)
    {
        if (Enums.Parse<Sector>(sectorName) is not { } sector)
        {
            return Task.FromResult<MembershipOutcome>(new MembershipOutcome.NotFound("No such working group: the sectors are " + Enums.Names<Sector>() + "."));
        }
        return store.UpdateAsync<MembershipOutcome>(id, profile =>
        {
            if (profile is null or { Status: ProfileStatus.Withdrawn })
            {
                return new(new MembershipOutcome.NotFound("No such cluster profile."));
            }
            if (profile.MembershipOf(sector) is not { } existing)
            {
                return new(new MembershipOutcome.Done(profile, sector, null));
            }
            var saved = profile with { Memberships = [.. profile.Memberships.Where(m => m.Sector != sector)] };
            return new(new MembershipOutcome.Done(saved, sector, null), saved, existing.IsMember && profile.Status == ProfileStatus.Approved);
        }, cancellationToken);
    }

    /// <summary>Organisers admit a waiting request: a member since now. Approving a member again only queues its email again.</summary>
    public Task<MembershipOutcome> ApproveMembershipAsync(string sectorName, string id, CancellationToken cancellationToken)
        => DecideMembershipAsync(sectorName, id, approve: true, cancellationToken);

    /// <summary>Organisers decline a waiting request: it goes; a member is not declined (it can leave).</summary>
    public Task<MembershipOutcome> DeclineMembershipAsync(string sectorName, string id, CancellationToken cancellationToken)
        => DecideMembershipAsync(sectorName, id, approve: false, cancellationToken);

    /// <summary>Join requests waiting for organisers, oldest first.</summary>
    public async Task<IReadOnlyList<MembershipRequest>> MembershipRequestsAsync(CancellationToken cancellationToken)
        => (await store.AllAsync(cancellationToken))
            .Where(p => p.Status == ProfileStatus.Approved)
            .SelectMany(p => p.Memberships.Where(m => !m.IsMember).Select(m => new MembershipRequest(p, m.Sector, m.RequestedAt)))
            .OrderBy(r => r.RequestedAt).ThenBy(r => r.Profile.Id, StringComparer.Ordinal).ToArray();

    private async Task<MembershipOutcome> DecideMembershipAsync(string sectorName, string id, bool approve, CancellationToken cancellationToken)
    {
        if (Enums.Parse<Sector>(sectorName) is not { } sector)
        {
            return new MembershipOutcome.NotFound("No such working group: the sectors are " + Enums.Names<Sector>() + ".");
        }
        var (outcome, notice) = await store.UpdateAsync<(MembershipOutcome, ClusterNotice?)>(id, profile =>
        {
            if (profile is not { Status: ProfileStatus.Approved } || profile.MembershipOf(sector) is not { } membership)
            {
                return new((new MembershipOutcome.NotFound("No request of this cluster to join this working group."), null));
            }
            var at = profile.NextNoticeAt(time.GetUtcNow());
            if (membership.IsMember)
            {
                return approve
                    ? new((new MembershipOutcome.Done(profile, sector, membership),
                        profile.Notices.LastOrDefault(n => n.Kind == NoticeKind.MembershipApproved && n.Sector == sector)))
                    : new((new MembershipOutcome.Conflict("The cluster is a member of this working group already; it can leave it itself."), null));
            }
            if (approve)
            {
                var member = membership with { MemberSince = at };
                var approved = new ClusterNotice(NoticeKind.MembershipApproved, at, sector);
                var saved = (profile with { Memberships = [.. profile.Memberships.Select(m => m.Sector == sector ? member : m)] }).WithNotice(approved);
                return new((new MembershipOutcome.Done(saved, sector, member), approved), saved, CatalogueChanged: true);
            }
            var declined = new ClusterNotice(NoticeKind.MembershipDeclined, at, sector);
            var without = (profile with { Memberships = [.. profile.Memberships.Where(m => m.Sector != sector)] }).WithNotice(declined);
            return new((new MembershipOutcome.Done(without, sector, null), declined), without);
        }, cancellationToken);
        if (outcome is MembershipOutcome.Done { Profile.Contact.IsErased: false } done && notice is not null)
        {
            await emailQueue.EnqueueDecisionAsync(done.Profile.Id, notice.At, cancellationToken);
        }
        return outcome;
    }
}
