using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClustersCord.Functions.Http;

/// <summary>A status, headers and raw bytes: needs no MVC executor, so it runs the same on both hosts.</summary>
public sealed class ContentActionResult(int statusCode, string? contentType, byte[] content) : IActionResult
{
    public int StatusCode { get; } = statusCode;
    public byte[] Content { get; } = content;
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }
        if (contentType is not null)
        {
            response.ContentType = contentType;
        }
        if (Content.Length > 0)
        {
            response.ContentLength = Content.Length;
            await response.Body.WriteAsync(Content, context.HttpContext.RequestAborted);
        }
    }
}
