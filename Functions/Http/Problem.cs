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

/// <summary>
/// The API's problem types. Each is a page of <c>docs/problems/</c> (<c>{name}.html</c>) that explains the
/// problem and what to do, at <c>/problems/{name}</c> (extensionless, as the static web app serves <c>{name}.html</c>); the code holds the path below the docs address and <see cref="JsonActionResult"/>
/// makes it absolute with <c>Site:DocsUrl</c> when the answer is written, so one build serves every host.
/// </summary>
public static class ProblemTypes
{
    public const string Prefix = "/problems/";

    public const string BadRequest = Prefix + "bad-request";
    public const string Validation = Prefix + "validation";
    public const string Unauthorized = Prefix + "unauthorized";
    public const string NotFound = Prefix + "not-found";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";
    public const string Conflict = Prefix + "conflict";
    public const string Forbidden = Prefix + "forbidden";
    public const string TooManyRequests = Prefix + "too-many-requests";
    public const string RegistrationClosed = Prefix + "registration-closed";
    public const string PayloadTooLarge = Prefix + "payload-too-large";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string InternalError = Prefix + "internal-error";
    public const string StorageUnavailable = Prefix + "storage-unavailable";
    public const string Timeout = Prefix + "timeout";

    /// <summary>Every type the API can answer with: a test checks that each has its page.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        BadRequest, Validation, Unauthorized, NotFound, MethodNotAllowed, Conflict, RegistrationClosed,
        Forbidden, TooManyRequests, PayloadTooLarge, UnsupportedMediaType, InternalError, StorageUnavailable, Timeout,
    ];

    /// <summary>The type of an answer that has no more specific one: the page for its status.</summary>
    public static string ForStatus(int status) => status switch
    {
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => TooManyRequests,
        503 => StorageUnavailable,
        >= 500 => InternalError,
        _ => BadRequest,
    };

    /// <summary>A type as callers see it: below the published docs (no trailing slash expected on <paramref name="docsUrl"/>).</summary>
    public static string Absolute(string type, Uri docsUrl)
        => type.StartsWith(Prefix, StringComparison.Ordinal) ? docsUrl.ToString().TrimEnd('/') + type : type;
}
