using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClustersCord.Functions.Registrations;

/// <summary>
/// Where the API takes a manage token from: the <c>X-Manage-Token</c> header only. A URL reaches request
/// logs, proxies and the host's request telemetry, so a token offered in the query string is refused
/// outright, whatever its case or the header says, before anything is read or changed.
/// </summary>
public static class ManageTokenTransport
{
    public const string HeaderName = "X-Manage-Token";

    /// <summary>
    /// Whether the query string offers a token: any parameter whose name holds "token" in any case
    /// (<c>token</c>, <c>TOKEN</c>, <c>manageToken</c>, <c>access_token</c>).
    /// </summary>
    public static bool OfferedInQuery(HttpRequest request)
        => request.Query.Keys.Any(name => name.Contains("token", StringComparison.OrdinalIgnoreCase));

    /// <summary>The token from the header; null when absent or given more than once.</summary>
    public static string? FromHeader(HttpRequest request)
        => request.Headers.TryGetValue(HeaderName, out var values) && values.Count == 1 ? values[0] : null;

    public static IActionResult RefusedInQuery() => ApiResults.BadRequest(
        $"A manage token is never accepted in the URL: send it in the {HeaderName} header, and take it out of the address.");
}
