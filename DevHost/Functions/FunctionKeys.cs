using System.Security.Cryptography;
using System.Text;
using ClustersCord.Functions.Composition;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ClustersCord.DevHost.Functions;

/// <summary>
/// Stands in for the Functions host's key check: the organiser key in <c>x-functions-key</c> or <c>?code=</c>.
/// </summary>
public sealed class FunctionKeys(IOptionsMonitor<AccessOptions> options)
{
    public bool IsOrganiser(HttpRequest request)
    {
        var expected = options.CurrentValue.OrganiserKey;
        if (string.IsNullOrEmpty(expected))
        {
            return false;
        }
        var presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        return presented is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
