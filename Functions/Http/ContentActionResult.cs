using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClustersCord.Functions.Http;

/// <summary>A status, headers and raw bytes: needs no MVC executor, so it runs the same on both hosts.</summary>
public sealed class ContentActionResult(int statusCode, string? contentType, byte[] content) : IActionResult
{
    public int StatusCode { get; } = statusCode;
    public byte[] Content { get; } = content;
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public const string HtmlPagePolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.Headers.XContentTypeOptions = "nosniff";
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }
        if (contentType is not null)
        {
            response.ContentType = contentType;
            if (contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
            {
                // The API's few pages (stopping reminders) load nothing, post only to themselves, are never framed.
                response.Headers.ContentSecurityPolicy = HtmlPagePolicy;
                response.Headers.XFrameOptions = "DENY";
            }
        }
        if (Content.Length > 0)
        {
            response.ContentLength = Content.Length;
            await response.Body.WriteAsync(Content, context.HttpContext.RequestAborted);
        }
    }
}
