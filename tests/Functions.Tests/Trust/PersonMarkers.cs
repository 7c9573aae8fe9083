using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>
/// A person whose every typed field is a unique marker, so that a search for it in storage, answers and
/// logs is exact: found means it leaked.
/// </summary>
public sealed record PersonMarkers(string Email, string FirstName, string LastName, string Organisation, string Dietary, string ClusterId, string ContactName)
{
    public static PersonMarkers New()
    {
        var tag = Letters(10);
        return new PersonMarkers(
            Email: $"Erin.{tag}+Trust@Example.ORG",
            FirstName: "Fn" + Letters(10),
            LastName: "Ln" + Letters(10),
            Organisation: "Org" + Letters(10),
            Dietary: "Diet" + Letters(10),
            ClusterId: "cluster-" + Letters(10).ToLowerInvariant(),
            ContactName: "Cn" + Letters(10));
    }

    private static string Letters(int count)
        => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('A' + Random.Shared.Next(26) + (Random.Shared.Next(2) * 32))));

    /// <summary>Every marker, the address in its normalised form, and the hash the index rows are keyed by.</summary>
    public IReadOnlyList<string> Needles =>
    [
        Email, EmailAddress.Normalize(Email), Email.Split('@')[0], FirstName, LastName, Organisation, Dietary, ClusterId, ContactName,
        RegistrationKeys.EmailHash(EmailAddress.Normalize(Email)),
    ];

    /// <summary>The registration form with every free-text field set to a marker.</summary>
    public JsonObject Form()
    {
        var form = Api.Person(Email, FirstName);
        form["lastName"] = LastName;
        form["organisation"] = Organisation;
        form["dietaryRequirements"] = Dietary;
        form["clusterId"] = ClusterId;
        return form;
    }

    /// <summary>The needles found in <paramref name="text"/>, in any case and Unicode normalisation.</summary>
    public IReadOnlyList<string> FoundIn(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var folded = text.Normalize(NormalizationForm.FormKC);
        return Needles.Where(n => folded.Contains(n.Normalize(NormalizationForm.FormKC), StringComparison.OrdinalIgnoreCase)).ToArray();
    }

    /// <summary>
    /// Reads every table and blob container of the stack (its name prefix) raw, as Azure.Data.Tables and
    /// Azure.Storage.Blobs see them, and returns where a needle was found.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindInStorageAsync(TestStack stack)
    {
        var connection = (stack.Storage ?? await Azurite.GetAsync()).ConnectionString;
        var hits = new List<string>();
        var tables = new TableServiceClient(connection);
        var tableCount = 0;
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(stack.NamePrefix) >= 0 && t.Name.CompareTo(stack.NamePrefix + "~") < 0))
        {
            tableCount++;
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                foreach (var (key, value) in entity)
                {
                    foreach (var needle in FoundIn(key + "=" + Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)))
                    {
                        hits.Add($"table {table.Name} [{entity.PartitionKey}/{entity.RowKey}] {key}: {needle}");
                    }
                }
            }
        }
        Assert.True(tableCount >= 3, $"Only {tableCount} tables under the prefix {stack.NamePrefix}: the scan would prove nothing.");
        var blobs = new BlobServiceClient(connection);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: stack.NamePrefix))
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Traits = Azure.Storage.Blobs.Models.BlobTraits.Metadata }))
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
                foreach (var needle in FoundIn(blob.Name + "\n" + string.Join("\n", blob.Metadata.Select(m => m.Key + "=" + m.Value)) + "\n" + content))
                {
                    hits.Add($"blob {container.Name}/{blob.Name}: {needle}");
                }
            }
        }
        return hits;
    }
}
