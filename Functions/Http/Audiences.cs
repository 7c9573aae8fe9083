using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClustersCord.Domain.Audit;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Functions.Composition;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Http;

/// <summary>A caller: the audience they belong to, and who they are for the audit log.</summary>
public sealed record Caller(Audience Audience, string? Who);

/// <summary>
/// Who is calling: the key in <c>x-functions-key</c> (or <c>?code=</c>) compared in constant time with
/// the observer and organiser keys, or, where App Service authentication is in front of the app
/// (<see cref="AccessOptions.AppServiceAuthentication"/>), the signed-in person's app roles
/// (<see cref="OrganiserRole"/>, <see cref="ObserverRole"/>) from the <c>X-MS-CLIENT-PRINCIPAL</c> header.
/// </summary>
public sealed class Audiences(IOptionsMonitor<AccessOptions> options)
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string OrganiserRole = "Organiser";
    public const string ObserverRole = "Observer";

    /// <summary>True for the organiser key or an organiser signed in: DevHost's stand-in for the Functions host's check.</summary>
    public bool IsOrganiser(HttpRequest request) => Of(request) == Audience.Organiser;

    public Audience Of(HttpRequest request) => Identify(request).Audience;

    public Caller Identify(HttpRequest request)
    {
        var access = options.CurrentValue;
        // An empty header counts as absent, as on the Functions host; the query's name is case-insensitive.
        var presented = request.Headers["x-functions-key"].FirstOrDefault(k => !string.IsNullOrEmpty(k))
                        ?? request.Query["code"].FirstOrDefault(k => !string.IsNullOrEmpty(k));
        var byKey = string.IsNullOrEmpty(presented) ? Audience.Public
            : Matches(presented, access.OrganiserKey) ? Audience.Organiser
            : Matches(presented, access.ObserverKey) ? Audience.Observer
            : Audience.Public;
        var principal = access.AppServiceAuthentication ? Principal.Read(request.Headers[PrincipalHeader].FirstOrDefault()) : null;
        var byRole = principal is null ? Audience.Public
            : principal.Roles.Contains(OrganiserRole) ? Audience.Organiser
            : principal.Roles.Contains(ObserverRole) ? Audience.Observer
            : Audience.Public;
        // The higher of the two; a signed-in person is named even when the key let them in.
        var audience = (Audience)Math.Max((int)byKey, (int)byRole);
        var who = principal is { Name: { Length: > 0 } name } ? name
            : byKey == Audience.Organiser ? AuditEntry.OrganiserKey
            : byKey == Audience.Observer ? "observer key"
            : null;
        return new Caller(audience, who);
    }

    private static bool Matches(string presented, string? expected)
        => !string.IsNullOrEmpty(expected) && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    /// <summary>
    /// The App Service client principal: base64 JSON <c>{ auth_typ, name_typ, role_typ, claims: [{ typ, val }] }</c>.
    /// Anything unreadable is no principal.
    /// </summary>
    internal sealed record Principal(string? Name, IReadOnlySet<string> Roles)
    {
        public static Principal? Read(string? header)
        {
            if (string.IsNullOrEmpty(header) || header.Length > 64 * 1024)
            {
                return null;
            }
            try
            {
                using var json = JsonDocument.Parse(Convert.FromBase64String(header));
                var root = json.RootElement;
                var nameType = Text(root, "name_typ") ?? "name";
                var roleType = Text(root, "role_typ") ?? "roles";
                string? name = null;
                var roles = new HashSet<string>(StringComparer.Ordinal);
                if (root.TryGetProperty("claims", out var claims) && claims.ValueKind == JsonValueKind.Array)
                {
                    foreach (var claim in claims.EnumerateArray())
                    {
                        var type = Text(claim, "typ");
                        var value = Text(claim, "val");
                        if (type is null || value is null)
                        {
                            continue;
                        }
                        if (type == roleType || type == "roles")
                        {
                            roles.Add(value);
                        }
                        else if (type == nameType || (name is null && type is "name" or "preferred_username"))
                        {
                            name = value;
                        }
                    }
                }
                return new Principal(name is null ? null : Clip(name), roles);
            }
            catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
            {
                return null;
            }
        }

        private static string? Text(JsonElement element, string property)
            => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        /// <summary>A name for the log: one line, at most 200 characters.</summary>
        private static string Clip(string name)
        {
            var line = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
            return line.Length > 200 ? line[..200] : line;
        }
    }
}
