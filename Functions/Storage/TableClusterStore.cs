using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Functions.Storage.Shapes;
using Page = ClustersCord.Domain.Common.Page<ClustersCord.Domain.Catalogue.ClusterProfile>;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Profiles in the clusters table: partition <c>profile</c>, one row per cluster (its <see cref="StoredCluster"/> as JSON plus
/// the columns queries filter on), and the row <c>catalogue/version</c>, moved on under its ETag whenever
/// the public catalogue changes, so every instance knows with one point read whether its snapshot is
/// still current. Changes by <see cref="UpdateAsync{T}"/> are made under the row's ETag (read, decide, replace if
/// unchanged, else again), so concurrent changes to one profile never undo each other.
/// </summary>
public sealed class TableClusterStore(StorageTables tables) : IClusterStore
{
    private const string ProfilePartition = "profile";
    private const string CataloguePartition = "catalogue";
    private const string VersionRow = "version";

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Clusters, cancellationToken);

    public async Task<ClusterProfile?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!Domain.Programme.EventValidator.IsValidId(id))
        {
            return null;
        }
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(ProfilePartition, id, cancellationToken: cancellationToken);
        return row.HasValue ? ClusterShape.ToDomain(JsonColumn.Read<StoredCluster>(row.Value!)) : null;
    }

    public Task SaveAsync(ClusterProfile profile, bool catalogueChanged, CancellationToken cancellationToken)
        => SaveReportingVersionAsync(profile, catalogueChanged, cancellationToken);

    /// <summary>As <see cref="SaveAsync"/>; the catalogue version this save moved on to, or null when it left it alone.</summary>
    public async Task<long?> SaveReportingVersionAsync(ClusterProfile profile, bool catalogueChanged, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.UpsertEntityAsync(Entity(profile), TableUpdateMode.Replace, cancellationToken);
        return catalogueChanged ? await BumpVersionAsync(table, cancellationToken) : null;
    }

    public async Task<T> UpdateAsync<T>(string id, Func<ClusterProfile?, ProfileChange<T>> change, CancellationToken cancellationToken)
        => (await UpdateReportingVersionAsync(id, change, cancellationToken)).Result;

    /// <summary>As <see cref="UpdateAsync{T}"/>; also the catalogue version the save moved on to, or null.</summary>
    public async Task<(T Result, long? Version)> UpdateReportingVersionAsync<T>(string id, Func<ClusterProfile?, ProfileChange<T>> change,
        CancellationToken cancellationToken)
    {
        if (!Domain.Programme.EventValidator.IsValidId(id))
        {
            return (change(null).Result, null);
        }
        var table = await TableAsync(cancellationToken);
        var decided = await RowUpdate.RunAsync(table, ProfilePartition, id, row =>
        {
            var proposed = change(row is null ? null : Profile(row));
            return Task.FromResult((proposed, proposed.Save is { } save ? Entity(save) : null));
        }, MaxUpdateAttempts, e => StorageContentionException.ClusterChanging(id, e), cancellationToken);
        return (decided.Result, decided is { Save: not null, CatalogueChanged: true } ? await BumpVersionAsync(table, cancellationToken) : null);
    }

    private const int MaxUpdateAttempts = 10;

    /// <summary>The row: the stored shape as JSON plus the columns queries filter on.</summary>
    private static TableEntity Entity(ClusterProfile profile) => new(ProfilePartition, profile.Id)
    {
        [JsonColumn.Name] = JsonColumn.Write(ClusterShape.ToStored(profile)),
        ["Status"] = StoredNames.ProfileStatus.Of(profile.Status),
        ["Name"] = profile.Name,
        ["Country"] = profile.Country,
        ["HasPendingEdit"] = profile.PendingEdit is not null,
    };

    public async Task<Page> ListAsync(ProfileStatus status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        // Pending moderation: new profiles and approved ones with an edit waiting.
        var filter = status == ProfileStatus.Pending
            ? TableClient.CreateQueryFilter($"PartitionKey eq {ProfilePartition} and (Status eq {StoredNames.ProfileStatus.Of(status)} or HasPendingEdit eq {true})")
            : TableClient.CreateQueryFilter($"PartitionKey eq {ProfilePartition} and Status eq {StoredNames.ProfileStatus.Of(status)}");
        var page = await table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize).FirstAsync(cancellationToken);
        return new Page(page.Values.Select(Profile).ToArray(), page.ContinuationToken);
    }

    public async Task<long> VersionAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(CataloguePartition, VersionRow, ["Version"], cancellationToken);
        return row.HasValue ? row.Value!.GetInt64("Version") ?? 0 : 0;
    }

    public async Task<IReadOnlyList<ClusterProfile>> ApprovedAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ProfilePartition} and Status eq {StoredNames.ProfileStatus.Of(ProfileStatus.Approved)}");
        var profiles = new List<ClusterProfile>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: [JsonColumn.Name], cancellationToken: cancellationToken))
        {
            profiles.Add(Profile(row));
        }
        return profiles;
    }

    public async Task<IReadOnlyList<ClusterProfile>> AllAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var profiles = new List<ClusterProfile>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ProfilePartition}"), select: [JsonColumn.Name], cancellationToken: cancellationToken))
        {
            profiles.Add(Profile(row));
        }
        return profiles;
    }

    private static ClusterProfile Profile(TableEntity row) => ClusterShape.ToDomain(JsonColumn.Read<StoredCluster>(row));

    private static async Task<long> BumpVersionAsync(TableClient table, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(CataloguePartition, VersionRow, cancellationToken: cancellationToken);
            try
            {
                if (!row.HasValue)
                {
                    await table.AddEntityAsync(new TableEntity(CataloguePartition, VersionRow) { ["Version"] = 1L }, cancellationToken);
                    return 1;
                }
                var version = (row.Value!.GetInt64("Version") ?? 0) + 1;
                var next = new TableEntity(CataloguePartition, VersionRow) { ["Version"] = version };
                await table.UpdateEntityAsync(next, row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return version;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 20)
            {
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), cancellationToken);
            }
        }
    }
}
