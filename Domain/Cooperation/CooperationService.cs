using System.Security.Cryptography;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Cooperation;

public abstract record CooperationOutcome
{
    public sealed record Done(CooperationRecord Record) : CooperationOutcome;
    public sealed record Removed : CooperationOutcome;
    public sealed record Invalid(ValidationErrors Errors) : CooperationOutcome;
    /// <summary>The cluster may not do this (not a member of the group; a partner changing more than the status).</summary>
    public sealed record Forbidden(string Detail) : CooperationOutcome;
    public sealed record NotFound : CooperationOutcome;
    /// <summary>The record changed between reading and writing: read it again.</summary>
    public sealed record Conflict(string Detail) : CooperationOutcome;
}

/// <summary>One working group's count of records per status.</summary>
public sealed record GroupProgress(Sector WorkingGroup, IReadOnlyDictionary<CooperationStatus, int> ByStatus)
{
    public int Total => ByStatus.Values.Sum();
}

/// <summary>
/// Cooperation records of the working groups: a member of a sector's working group records an area or action
/// with approved partner clusters; it alone changes or removes it, and a partner may change its status; the
/// work plan lists a group's records; organisers and observers see the counts across groups.
/// </summary>
public sealed class CooperationService(ICooperationStore store, IClusterStore clusters, WorkingGroupMemberCheck membership, TimeProvider time)
{
    public async Task<CooperationOutcome> CreateAsync(string clusterId, CooperationInput input, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var checkedInput = await CheckAsync(clusterId, input, errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return new CooperationOutcome.Invalid(errors);
        }
        if (!await membership.IsMemberAsync(clusterId, checkedInput.WorkingGroup!.Value, cancellationToken))
        {
            return new CooperationOutcome.Forbidden($"The cluster is not a member of the {Enums.Name(checkedInput.WorkingGroup.Value)} working group.");
        }
        var now = time.GetUtcNow();
        var record = Build(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), clusterId, checkedInput, now, now);
        await store.AddAsync(record, cancellationToken);
        return new CooperationOutcome.Done(record);
    }

    public async Task<CooperationOutcome> UpdateAsync(string clusterId, string recordId, CooperationInput input, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(recordId, cancellationToken) is not { } read || !Involves(read.Value, clusterId))
        {
            return new CooperationOutcome.NotFound();
        }
        var current = read.Value;
        var errors = new ValidationErrors();
        var checkedInput = await CheckAsync(current.ClusterId, input, errors, cancellationToken, known: current.Partners);
        if (!errors.IsEmpty)
        {
            return new CooperationOutcome.Invalid(errors);
        }
        var updated = Build(current.Id, current.ClusterId, checkedInput, current.RecordedAt, time.GetUtcNow());
        if (current.ClusterId != clusterId && !updated.DiffersOnlyInStatus(current))
        {
            return new CooperationOutcome.Forbidden("A partner cluster may change only the status; the recording cluster changes the rest.");
        }
        if (current.ClusterId == clusterId && updated.WorkingGroup != current.WorkingGroup
            && !await membership.IsMemberAsync(clusterId, updated.WorkingGroup, cancellationToken))
        {
            return new CooperationOutcome.Forbidden($"The cluster is not a member of the {Enums.Name(updated.WorkingGroup)} working group.");
        }
        return await store.TryReplaceAsync(updated, read.ETag, cancellationToken)
            ? new CooperationOutcome.Done(updated)
            : new CooperationOutcome.Conflict("The record was changed meanwhile; read it again and repeat the change.");
    }

    public async Task<CooperationOutcome> DeleteAsync(string clusterId, string recordId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(recordId, cancellationToken) is not { } read || !Involves(read.Value, clusterId))
        {
            return new CooperationOutcome.NotFound();
        }
        if (read.Value.ClusterId != clusterId)
        {
            return new CooperationOutcome.Forbidden("Only the cluster that recorded it removes a record.");
        }
        return await store.TryDeleteAsync(recordId, read.ETag, cancellationToken)
            ? new CooperationOutcome.Removed()
            : new CooperationOutcome.Conflict("The record was changed meanwhile; read it again.");
    }

    /// <summary>A working group's records, by due month, then title.</summary>
    public async Task<IReadOnlyList<CooperationRecord>> WorkPlanAsync(Sector workingGroup, CancellationToken cancellationToken)
        => [.. (await store.AllAsync(cancellationToken)).Where(r => r.WorkingGroup == workingGroup)
            .OrderBy(r => r.DueMonth, StringComparer.Ordinal).ThenBy(r => r.Title, StringComparer.CurrentCulture).ThenBy(r => r.Id, StringComparer.Ordinal)];

    /// <summary>Every record the cluster recorded or is a partner in.</summary>
    public async Task<IReadOnlyList<CooperationRecord>> OfClusterAsync(string clusterId, CancellationToken cancellationToken)
        => [.. (await store.AllAsync(cancellationToken)).Where(r => Involves(r, clusterId)).OrderBy(r => r.DueMonth, StringComparer.Ordinal)];

    /// <summary>Counts per working group (every sector, also those without records) and status.</summary>
    public async Task<IReadOnlyList<GroupProgress>> ProgressAsync(CancellationToken cancellationToken)
    {
        var records = await store.AllAsync(cancellationToken);
        return [.. Enum.GetValues<Sector>().Select(sector => new GroupProgress(sector,
            Enum.GetValues<CooperationStatus>().ToDictionary(s => s, s => records.Count(r => r.WorkingGroup == sector && r.Status == s))))];
    }

    private static bool Involves(CooperationRecord record, string clusterId) => record.ClusterId == clusterId || record.Partners.Contains(clusterId);

    private async Task<(Sector? WorkingGroup, string? Title, List<string> Partners, string? NextStep, string? DueMonth, CooperationStatus? Status, string? MeetingRequestId)>
        CheckAsync(string recorder, CooperationInput input, ValidationErrors errors, CancellationToken cancellationToken, IReadOnlyList<string>? known = null)
    {
        var checkedInput = CooperationValidator.Check(input, errors);
        foreach (var partner in checkedInput.Partners)
        {
            if (partner == recorder)
            {
                errors.Add("partners", "The recording cluster is not its own partner.");
            }
            // A partner already on the record stays acceptable even if its profile has gone since.
            else if (known?.Contains(partner) != true && await clusters.GetAsync(partner, cancellationToken) is not { Status: ProfileStatus.Approved })
            {
                errors.Add("partners", $"No approved cluster in the catalogue has the id '{partner}'.");
            }
        }
        return checkedInput;
    }

    private static CooperationRecord Build(string id, string clusterId,
        (Sector? WorkingGroup, string? Title, List<string> Partners, string? NextStep, string? DueMonth, CooperationStatus? Status, string? MeetingRequestId) input,
        DateTimeOffset recordedAt, DateTimeOffset updatedAt) => new()
    {
        Id = id,
        ClusterId = clusterId,
        WorkingGroup = input.WorkingGroup!.Value,
        Title = input.Title!,
        Partners = input.Partners,
        NextStep = input.NextStep,
        DueMonth = input.DueMonth!,
        Status = input.Status!.Value,
        MeetingRequestId = input.MeetingRequestId,
        RecordedAt = recordedAt,
        UpdatedAt = updatedAt,
    };
}
