using System.Globalization;
using Azure.Data.Tables;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Domain.Common;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Indicator values: partition = year, row key = indicator and cluster, so a year's peer statistics are
/// one partition query. Only values that differ from the stored ones are written (re-importing the same
/// table changes nothing), in transactions of up to 100.
/// </summary>
public sealed class TableIndicatorStore(StorageTables tables) : IIndicatorStore
{
    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Indicators, cancellationToken);

    public async Task<int> UpsertAsync(IReadOnlyList<IndicatorValue> values, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var changed = 0;
        foreach (var year in values.GroupBy(v => v.Year))
        {
            var stored = (await ForYearAsync(year.Key, cancellationToken)).ToDictionary(v => (v.Indicator, v.ClusterId));
            var writes = year.Where(v => !stored.TryGetValue((v.Indicator, v.ClusterId), out var old) || old != v).ToArray();
            foreach (var chunk in writes.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(v => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(v))), cancellationToken);
            }
            changed += writes.Length;
        }
        return changed;
    }

    public async Task<IReadOnlyList<IndicatorValue>> ForYearAsync(int year, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var values = new List<IndicatorValue>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(year)}"), cancellationToken: cancellationToken))
        {
            // A row this code did not write (edited by hand, or cut short) is skipped, never a 500 for every reader.
            if (row.GetString("ClusterId") is { } clusterId && row.GetString("Indicator") is { } indicator
                && decimal.TryParse(row.GetString("Value"), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
            {
                values.Add(new IndicatorValue(clusterId, year, indicator, value, row.GetString("Unit") ?? "", Enums.Parse<IndicatorArea>(row.GetString("Area"))));
            }
        }
        return values;
    }

    public async Task<int?> LatestYearAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        int? latest = null;
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            if (int.TryParse(row.PartitionKey, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && BenchmarkYear.IsValid(year))
            {
                latest = latest is null || year > latest ? year : latest;
            }
        }
        return latest;
    }

    private static string Partition(int year) => year.ToString(CultureInfo.InvariantCulture);

    // Decimal as invariant text: Table Storage has no decimal type, and a double would change the figures.
    private static TableEntity ToEntity(IndicatorValue v) => new(Partition(v.Year), v.Indicator + "|" + v.ClusterId)
    {
        ["ClusterId"] = v.ClusterId,
        ["Indicator"] = v.Indicator,
        ["Value"] = v.Value.ToString(CultureInfo.InvariantCulture),
        ["Unit"] = v.Unit,
        ["Area"] = v.Area is { } area ? Enums.Name(area) : null,
    };
}
