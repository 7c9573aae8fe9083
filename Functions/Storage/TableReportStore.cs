using Azure.Data.Tables;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Functions.Storage.Shapes;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Report metadata in the reports table as a <see cref="StoredReport"/>, one partition (a project has tens of
/// reports, not thousands).
/// </summary>
public sealed class TableReportStore(StorageTables tables) : IReportStore
{
    private const string Partition = "report";

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Reports, cancellationToken);

    public async Task SaveAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Partition, report.Id) { [JsonColumn.Name] = JsonColumn.Write(ReportShape.ToStored(report)) },
            TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<BenchmarkReport?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length is 0 or > 64 || !id.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return row.HasValue ? ReportShape.ToDomain(JsonColumn.Read<StoredReport>(row.Value!)) : null;
    }

    public async Task<IReadOnlyList<BenchmarkReport>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var reports = new List<BenchmarkReport>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            reports.Add(ReportShape.ToDomain(JsonColumn.Read<StoredReport>(row)));
        }
        return reports;
    }
}
