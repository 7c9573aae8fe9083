using System.Text.Json.Serialization;

namespace ClustersCord.Functions.Http;

/// <summary>An RFC 9457 problem detail as the API writes it.</summary>
public sealed record Problem(
    string Type,
    string Title,
    int Status,
    string? Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>Problem types specific to this API; generic ones use <c>about:blank</c> with the status title.</summary>
public static class ProblemTypes
{
    public const string Generic = "about:blank";
    public const string Validation = "/problems/validation";
    public const string RegistrationClosed = "/problems/registration-closed";
    public const string Conflict = "/problems/conflict";
    public const string StorageUnavailable = "/problems/storage-unavailable";
}
