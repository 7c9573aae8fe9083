using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Email;

/// <summary>
/// Splits recipients into mail-send requests SendGrid accepts: at most 1,000 personalizations (one
/// recipient each) and no address twice in one request, "the same address" meaning what it means
/// everywhere else (<see cref="EmailAddress.Normalize"/>: σ and ς, an IDN domain and its punycode), or
/// what SendGrid itself compares (ASCII case), whichever finds more.
/// </summary>
public static class SendGridBatches
{
    public const int MaxPersonalizations = 1000;

    public static IEnumerable<IReadOnlyList<EmailRecipient>> Split(IReadOnlyList<EmailRecipient> recipients)
    {
        var batches = new List<(List<EmailRecipient> Items, HashSet<string> Addresses)>();
        foreach (var recipient in recipients)
        {
            var key = EmailAddress.Normalize(recipient.Email);
            var batch = batches.FirstOrDefault(b => b.Items.Count < MaxPersonalizations
                && !b.Addresses.Contains(key) && !b.Addresses.Contains(recipient.Email));
            if (batch.Items is null)
            {
                batch = ([], new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                batches.Add(batch);
            }
            batch.Items.Add(recipient);
            batch.Addresses.Add(key);
            batch.Addresses.Add(recipient.Email);
        }
        return batches.Select(b => (IReadOnlyList<EmailRecipient>)b.Items);
    }
}
