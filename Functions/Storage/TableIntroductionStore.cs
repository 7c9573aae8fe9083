using Azure;
using Azure.Data.Tables;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Cooperation;
using ClustersCord.Functions.Storage.Shapes;

namespace ClustersCord.Functions.Storage;

/// <summary>
/// Introductions in one partition of the introductions table (a project of a few hundred clusters asks for
/// thousands at most), so that an introduction and its asking cluster's quota row commit in one entity-group
/// transaction under the quota's ETag: two requests at once cannot both pass the rate limit. Row keys:
/// <c>i-{introductionId}</c> (the introduction, with <c>From</c> and <c>To</c> columns the cluster's list filters
/// on) and <c>q-{clusterId}</c> (the asking cluster's recent request times).
/// </summary>
public sealed class TableIntroductionStore(StorageTables tables) : IIntroductionStore
{
    private const string Partition = "introduction";

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNames.Introductions, cancellationToken);

    private static string IntroductionRow(string id) => "i-" + id;

    private static string QuotaRow(string clusterId) => "q-" + clusterId;

    public async Task<IntroductionQuota> QuotaAsync(string clusterId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, QuotaRow(clusterId), cancellationToken: cancellationToken);
        return row.HasValue
            ? new IntroductionQuota(JsonColumn.Read<StoredIntroductionQuota>(row.Value!).RequestedAt, row.Value!.ETag.ToString())
            : new IntroductionQuota([], null);
    }

    public async Task<bool> TryAddAsync(Introduction introduction, IReadOnlyList<DateTimeOffset> quota, string? quotaETag, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var quotaRow = new TableEntity(Partition, QuotaRow(introduction.FromClusterId))
        {
            [JsonColumn.Name] = JsonColumn.Write(new StoredIntroductionQuota { Version = StoredIntroductionQuota.Current, RequestedAt = quota }),
        };
        TableTransactionAction[] actions =
        [
            quotaETag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, quotaRow)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, quotaRow, new ETag(quotaETag)),
            new TableTransactionAction(TableTransactionActionType.Add, Row(introduction)),
        ];
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<Versioned<Introduction>?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length is 0 or > 64 || !id.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, IntroductionRow(id), cancellationToken: cancellationToken);
        return row.HasValue ? new Versioned<Introduction>(ToDomain(row.Value!), row.Value!.ETag.ToString()) : null;
    }

    public async Task<bool> TryReplaceAsync(Introduction introduction, string etag, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        try
        {
            await table.UpdateEntityAsync(Row(introduction), new ETag(etag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Introduction>> OfClusterAsync(string clusterId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and (From eq {clusterId} or To eq {clusterId})");
        var found = new List<Introduction>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(ToDomain(row));
        }
        return found;
    }

    public async Task<IReadOnlyList<Versioned<Introduction>>> AllAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {"i-"} and RowKey lt {"i."}");
        var found = new List<Versioned<Introduction>>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(new Versioned<Introduction>(ToDomain(row), row.ETag.ToString()));
        }
        return found;
    }

    private static TableEntity Row(Introduction i) => new(Partition, IntroductionRow(i.Id))
    {
        ["From"] = i.FromClusterId,
        ["To"] = i.ToClusterId,
        [JsonColumn.Name] = JsonColumn.Write(new StoredIntroduction
        {
            Version = StoredIntroduction.Current,
            Id = i.Id,
            From = i.FromClusterId,
            To = i.ToClusterId,
            Message = i.Message,
            SenderKey = i.SenderKey,
            State = Enums.Name(i.State),
            RequestedAt = i.RequestedAt,
            DecidedAt = i.DecidedAt,
            AskerContact = Stored(i.AskerContact),
            InvitedContact = Stored(i.InvitedContact),
            RequestEmailOwed = i.RequestEmailOwed,
            AskerEmailOwed = i.AskerEmailOwed,
            InvitedEmailOwed = i.InvitedEmailOwed,
            ClaimedUntil = i.ClaimedUntil,
        }),
    };

    private static Introduction ToDomain(TableEntity row)
    {
        var s = JsonColumn.Read<StoredIntroduction>(row);
        return new Introduction
        {
            Id = s.Id,
            FromClusterId = s.From,
            ToClusterId = s.To,
            Message = s.Message,
            SenderKey = s.SenderKey,
            State = Enums.Parse<IntroductionState>(s.State) ?? throw new InvalidDataException($"An introduction has the unknown state '{s.State}'."),
            RequestedAt = s.RequestedAt,
            DecidedAt = s.DecidedAt,
            AskerContact = s.AskerContact is { } a ? new ClusterContact(a.Name, a.Email) : null,
            InvitedContact = s.InvitedContact is { } b ? new ClusterContact(b.Name, b.Email) : null,
            RequestEmailOwed = s.RequestEmailOwed,
            AskerEmailOwed = s.AskerEmailOwed,
            InvitedEmailOwed = s.InvitedEmailOwed,
            ClaimedUntil = s.ClaimedUntil,
        };
    }

    private static StoredContact? Stored(ClusterContact? contact) => contact is null ? null : new StoredContact { Name = contact.Name, Email = contact.Email };
}
