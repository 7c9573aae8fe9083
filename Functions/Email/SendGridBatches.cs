using ClustersCord.Domain.Email;

namespace ClustersCord.Functions.Email;

/// <summary>
/// Splits recipients into mail-send requests SendGrid accepts: at most 1,000 personalizations (one
/// recipient each) and no address twice in one request.
/// </summary>
public static class SendGridBatches
{
    public const int MaxPersonalizations = 1000;

    public static IEnumerable<IReadOnlyList<EmailRecipient>> Split(IReadOnlyList<EmailRecipient> recipients)
    {
        var batches = new List<(List<EmailRecipient> Items, HashSet<string> Addresses)>();
        foreach (var recipient in recipients)
        {
            var batch = batches.FirstOrDefault(b => b.Items.Count < MaxPersonalizations && !b.Addresses.Contains(recipient.Email));
            if (batch.Items is null)
            {
                batch = ([], new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                batches.Add(batch);
            }
            batch.Items.Add(recipient);
            batch.Addresses.Add(recipient.Email);
        }
        return batches.Select(b => (IReadOnlyList<EmailRecipient>)b.Items);
    }
}
