using System.Security.Cryptography;
using System.Text;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Functions.Composition;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Http;

/// <summary>
/// Who is calling a public route that shows more to observers and organisers: the key in
/// <c>x-functions-key</c> (or <c>?code=</c>) compared in constant time with the observer and organiser keys.
/// </summary>
public sealed class Audiences(IOptionsMonitor<AccessOptions> options)
{
    /// <summary>True for the organiser key: DevHost's stand-in for the Functions host's function-key check.</summary>
    public bool IsOrganiser(HttpRequest request) => Of(request) == Audience.Organiser;

    public Audience Of(HttpRequest request)
    {
        // An empty header counts as absent, as on the Functions host; the query's name is case-insensitive.
        var presented = request.Headers["x-functions-key"].FirstOrDefault(k => !string.IsNullOrEmpty(k))
                        ?? request.Query["code"].FirstOrDefault(k => !string.IsNullOrEmpty(k));
        if (string.IsNullOrEmpty(presented))
        {
            return Audience.Public;
        }
        var access = options.CurrentValue;
        return Matches(presented, access.OrganiserKey) ? Audience.Organiser
            : Matches(presented, access.ObserverKey) ? Audience.Observer
            : Audience.Public;
    }

    private static bool Matches(string presented, string? expected)
        => !string.IsNullOrEmpty(expected) && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
