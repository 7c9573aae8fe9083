using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Cooperation;
using ClustersCord.Functions.Storage.Shapes;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// The partnership agreement in the agreement table. Partition <c>version</c>: one row per version, keyed
/// <c>{uploadedAt ticks, 19 digits}-{name key}</c> so that string order is upload order, beside a row
/// <c>name-{name key}</c> added in the same transaction, which makes a version name unique (the name key is
/// the SHA-256 of the trimmed, case-folded name). Partition <c>signatory</c>: one row per cluster id, so a
/// cluster signs once.
/// </summary>
public sealed class TableAgreementStore(StorageTables tables) : IAgreementStore
{
    private const string VersionPartition = "version";
    private const string SignatoryPartition = "signatory";

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Agreement, cancellationToken);

    public static string NameKey(string version)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(version.Trim().ToUpperInvariant().ToLowerInvariant())))[..32];

    public async Task<bool> TryAddVersionAsync(AgreementVersion version, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var key = NameKey(version.Version);
        var row = new TableEntity(VersionPartition, $"{version.UploadedAt.UtcTicks:D19}-{key}")
        {
            [JsonColumn.Name] = JsonColumn.Write(new StoredAgreementVersion
            {
                Version = StoredAgreementVersion.Current,
                Name = version.Version,
                Format = Enums.Name(version.Format),
                Size = version.Size,
                Sha256 = version.Sha256,
                UploadedAt = version.UploadedAt,
                BlobName = version.BlobName,
            }),
        };
        try
        {
            await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(VersionPartition, "name-" + key)),
                new TableTransactionAction(TableTransactionActionType.Add, row),
            ], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<AgreementVersion>> VersionsAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var versions = new List<AgreementVersion>();
        // Version rows start with digits; the name rows ("name-…") sort after them.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {VersionPartition} and RowKey lt {"name-"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var s = JsonColumn.Read<StoredAgreementVersion>(row);
            versions.Add(new AgreementVersion
            {
                Version = s.Name,
                Format = Enums.Parse<AgreementFormat>(s.Format) ?? throw new InvalidDataException($"An agreement version has the unknown format '{s.Format}'."),
                Size = s.Size,
                Sha256 = s.Sha256,
                UploadedAt = s.UploadedAt,
                BlobName = s.BlobName,
            });
        }
        return [.. versions.OrderByDescending(v => v.UploadedAt)];
    }

    public async Task<bool> TryAddSignatoryAsync(Signatory signatory, CancellationToken cancellationToken)
    {
        try
        {
            await (await TableAsync(cancellationToken)).AddEntityAsync(Row(signatory), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The table itself holds nothing back: as fresh as <see cref="SignatoriesAsync"/> (<see cref="CachedAgreementStore"/> bounds it).</summary>
    public Task<IReadOnlyList<Signatory>> RecentSignatoriesAsync(CancellationToken cancellationToken) => SignatoriesAsync(cancellationToken);

    public async Task<IReadOnlyList<Signatory>> SignatoriesAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var found = new List<Signatory>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SignatoryPartition}"), cancellationToken: cancellationToken))
        {
            var s = JsonColumn.Read<StoredSignatory>(row);
            found.Add(new Signatory
            {
                ClusterId = s.ClusterId,
                Name = s.Name,
                Country = s.Country,
                SignedBy = s.SignedBy,
                SignedAt = s.SignedAt,
                Place = s.Place,
                RecordedAt = s.RecordedAt,
                ContactKey = s.ContactKey,
            });
        }
        return found;
    }

    public async Task ReplaceSignatoryAsync(Signatory signatory, CancellationToken cancellationToken)
        => await (await TableAsync(cancellationToken)).UpsertEntityAsync(Row(signatory), TableUpdateMode.Replace, cancellationToken);

    private static TableEntity Row(Signatory s) => new(SignatoryPartition, s.ClusterId)
    {
        [JsonColumn.Name] = JsonColumn.Write(new StoredSignatory
        {
            Version = StoredSignatory.Current,
            ClusterId = s.ClusterId,
            Name = s.Name,
            Country = s.Country,
            SignedBy = s.SignedBy,
            SignedAt = s.SignedAt,
            Place = s.Place,
            RecordedAt = s.RecordedAt,
            ContactKey = s.ContactKey,
        }),
    };
}
