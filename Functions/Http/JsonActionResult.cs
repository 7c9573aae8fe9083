using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ClustersCord.Functions.Composition;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Http;

/// <summary>
/// Writes a JSON body with the API's serializer settings. Our own result rather than ObjectResult so that
/// the output does not depend on which MVC formatters a host happens to register.
/// </summary>
public sealed class JsonActionResult(object? value, int statusCode, string contentType = "application/json") : IActionResult
{
    public object? Value { get; } = value;
    public int StatusCode { get; } = statusCode;
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.Headers.XContentTypeOptions = "nosniff";
        foreach (var (name, headerValue) in Headers)
        {
            response.Headers[name] = headerValue;
        }
        if (Value is null)
        {
            return;
        }
        response.ContentType = contentType + "; charset=utf-8";
        var value = Value is Problem problem ? problem with { Type = ProblemTypes.Absolute(problem.Type, DocsUrl(context.HttpContext)) } : Value;
        await JsonSerializer.SerializeAsync(response.Body, value, value.GetType(), ApiJson.Options, context.HttpContext.RequestAborted);
    }

    private static Uri DocsUrl(HttpContext context)
        => (context.RequestServices?.GetService(typeof(IOptions<SiteOptions>)) as IOptions<SiteOptions>)?.Value.EffectiveDocsUrl
            ?? new SiteOptions().EffectiveDocsUrl;
}
