using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace ClustersCord.Functions.Http;

/// <summary>Copies a stream (a blob download) to the response, with its type, length and file name.</summary>
public sealed class StreamActionResult(Stream content, string contentType, long? length, string fileName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        await using (content)
        {
            response.StatusCode = 200;
            response.ContentType = contentType;
            response.ContentLength = length;
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(fileName);
            response.Headers.ContentDisposition = disposition.ToString();
            response.Headers.XContentTypeOptions = "nosniff";
            await content.CopyToAsync(response.Body, context.HttpContext.RequestAborted);
        }
    }
}
