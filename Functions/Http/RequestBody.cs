using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ClustersCord.Functions.Http;

public enum BodyKind
{
    Json,
    Form,
    Csv,
}

/// <summary>Reads a request body within a size limit, after checking its media type.</summary>
public static class RequestBody
{
    public sealed record Body(BodyKind Kind, string Text);

    public static readonly BodyKind[] Json = [BodyKind.Json];

    private static string MediaType(BodyKind kind) => kind switch
    {
        BodyKind.Json => "application/json",
        BodyKind.Form => "application/x-www-form-urlencoded",
        _ => "text/csv",
    };

    /// <summary>The body, or the problem to answer: 413 over the limit, 415 for other media types, 400 for bad UTF-8.</summary>
    public static async Task<(Body? Body, JsonActionResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, BodyKind[] accepted, CancellationToken cancellationToken)
    {
        var unsupported = ApiResults.UnsupportedMediaType(accepted.Select(MediaType));
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || accepted.Where(k => mediaType.MediaType.Equals(MediaType(k), StringComparison.OrdinalIgnoreCase)).ToArray() is not [var kind]
            || (mediaType.Charset.HasValue && !HeaderUtilities.RemoveQuotes(mediaType.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, unsupported);
        }
        if (request.ContentLength > maxBytes)
        {
            return (null, ApiResults.PayloadTooLarge(maxBytes));
        }
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, ApiResults.PayloadTooLarge(maxBytes));
            }
            buffer.Write(chunk, 0, read);
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return (null, ApiResults.BadRequest("The body is not valid UTF-8."));
        }
        // A byte order mark (Excel writes one before CSV) is not part of the content.
        text = text.StartsWith('\uFEFF') ? text[1..] : text;
        var notText = kind switch
        {
            BodyKind.Json => TextInBodies.JsonEscapesNotText(text),
            BodyKind.Form => TextInBodies.FormEncodingNotText(text),
            _ => null,
        };
        return notText is null ? (new Body(kind, text), null) : (null, ApiResults.BadRequest(notText));
    }

    internal static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>
    /// For a route that takes no body: a 415 problem when one is sent (a body is refused rather than ignored, so
    /// no client believes it said something), else null.
    /// </summary>
    public static JsonActionResult? RefusedWhenSent(HttpRequest request)
        => request.ContentLength > 0 || request.Headers.ContentType.Count > 0
            ? ApiResults.Problem(415, "Unsupported Media Type", "This route takes no body.")
            : null;

    /// <summary>True when the client prefers an HTML page to JSON (a browser posting a plain form).</summary>
    public static bool PrefersHtml(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept.OfType<string>().ToArray(), out var accepted) || accepted.Count == 0)
        {
            return false;
        }
        var best = accepted
            .Select((media, index) => (media, quality: media.Quality ?? 1.0, index))
            .Where(x => x.quality > 0)
            .OrderByDescending(x => x.quality)
            .ThenBy(x => x.media.MediaType.Value == "*/*" ? 1 : 0)
            .ThenBy(x => x.index)
            .FirstOrDefault();
        return best.media is not null && (best.media.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)
                                          || best.media.MediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase));
    }
}
