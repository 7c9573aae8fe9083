using Microsoft.AspNetCore.Mvc;

namespace ClustersCord.Functions.Http;

/// <summary>The one place that maps outcomes to HTTP answers; function classes call these.</summary>
public static class ApiResults
{
    public const string ProblemContentType = "application/problem+json";

    public static JsonActionResult Ok(object value) => new(value, 200);

    public static JsonActionResult Created(string location, object value)
    {
        var result = new JsonActionResult(value, 201);
        result.Headers["Location"] = location;
        return result;
    }

    public static JsonActionResult Accepted(object value) => new(value, 202);

    /// <summary>A problem answer; without a <paramref name="type"/>, the type for its status (<see cref="ProblemTypes.ForStatus"/>).</summary>
    public static JsonActionResult Problem(int status, string title, string? detail = null, string? type = null)
        => new(new Problem(type ?? ProblemTypes.ForStatus(status), title, status, detail), status, ProblemContentType);

    public static JsonActionResult ValidationProblem(IReadOnlyDictionary<string, string[]> errors)
        => new(new Problem(ProblemTypes.Validation, "The request has invalid fields.", 400,
            "See errors for every field that needs fixing.", errors), 400, ProblemContentType);

    public static JsonActionResult BadRequest(string detail) => Problem(400, "Bad Request", detail);

    public static JsonActionResult NotFound(string detail = "No such resource.") => Problem(404, "Not Found", detail);

    public static JsonActionResult Conflict(string detail, string type = ProblemTypes.Conflict) => Problem(409, "Conflict", detail, type);

    public static JsonActionResult Forbidden(string detail) => Problem(403, "Forbidden", detail);

    /// <summary>429 with <c>Retry-After</c> in whole seconds (at least 1).</summary>
    public static JsonActionResult TooManyRequests(string detail, TimeSpan retryAfter)
    {
        var result = Problem(429, "Too Many Requests", detail);
        result.Headers["Retry-After"] = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return result;
    }

    public static JsonActionResult PayloadTooLarge(long maxBytes)
        => Problem(413, "Payload Too Large", $"The body may be at most {maxBytes / 1024} KiB.");

    public static JsonActionResult UnsupportedMediaType(IEnumerable<string> accepted)
        => Problem(415, "Unsupported Media Type", $"Send {string.Join(" or ", accepted)}, in UTF-8.");

    public static IActionResult NoContent() => new StatusCodeResult(204);

    public static IActionResult NotModified(string etag) => new ContentActionResult(304, null, []) { Headers = { ["ETag"] = etag } };

    /// <summary>303 See Other: after a form post, the browser GETs the given page.</summary>
    public static IActionResult SeeOther(string location) => new ContentActionResult(303, null, []) { Headers = { ["Location"] = location } };

    /// <summary>A text file to download (calendar, CSV), named in Content-Disposition.</summary>
    public static IActionResult File(byte[] content, string contentType, string fileName) => new ContentActionResult(200, contentType, content)
    {
        Headers = { ["Content-Disposition"] = new System.Net.Mime.ContentDisposition { FileName = fileName, DispositionType = "attachment" }.ToString() },
    };

    public static JsonActionResult Unauthorized() => Problem(401, "Unauthorized", "A valid key is required.");

    public static JsonActionResult ServiceUnavailable(string detail, string type = ProblemTypes.StorageUnavailable)
    {
        var result = Problem(503, "Service Unavailable", detail, type);
        result.Headers["Retry-After"] = "5";
        return result;
    }
}
