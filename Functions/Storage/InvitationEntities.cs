using Azure.Data.Tables;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

/// <summary>Maps invitations to rows of their event's partition and back, one property per field.</summary>
public static class InvitationEntities
{
    public const string Uses = "Uses";

    public static TableEntity ToEntity(Invitation i) => new(i.EventId, RegistrationKeys.Invitation(i.Id))
    {
        ["Id"] = i.Id,
        ["Email"] = i.Email,
        ["EmailKey"] = i.EmailKey,
        ["Organisation"] = i.Organisation,
        ["MaxUses"] = i.MaxUses,
        [Uses] = i.Uses,
        ["CreatedAt"] = i.CreatedAt,
        ["RevokedAt"] = i.RevokedAt,
        ["CodeHash"] = i.CodeHash,
    };

    public static Invitation ToInvitation(TableEntity e) => new()
    {
        Id = e.GetString("Id"),
        EventId = e.PartitionKey,
        Email = e.GetString("Email"),
        EmailKey = e.GetString("EmailKey"),
        Organisation = e.GetString("Organisation"),
        MaxUses = e.GetInt32("MaxUses"),
        Uses = e.GetInt32(Uses) ?? 0,
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        RevokedAt = e.GetDateTimeOffset("RevokedAt"),
        CodeHash = e.GetString("CodeHash") ?? "",
    };

    /// <summary>The merge that takes <paramref name="count"/> more uses of the invitation read as <paramref name="row"/>.</summary>
    public static TableEntity TakeUses(TableEntity row, int count)
        => new(row.PartitionKey, row.RowKey) { [Uses] = (row.GetInt32(Uses) ?? 0) + count };
}
