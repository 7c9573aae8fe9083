using System.Globalization;
using System.Text;
using ClustersCord.Domain.Common;
using Microsoft.AspNetCore.Http;

namespace ClustersCord.Functions.Http;

/// <summary>Query-string parameters shared by the routes: language, paging.</summary>
public static class ApiQuery
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static string Language(HttpRequest request)
        => Domain.Common.Language.Choose(request.Query["lang"].FirstOrDefault(), request.Headers.AcceptLanguage.ToString());

    public static int? PageSize(HttpRequest request, ValidationErrors errors)
        => request.Query.ContainsKey("pageSize")
            ? Integer(request, "pageSize", 1, MaxPageSize, $"A whole number from 1 to {MaxPageSize}.", errors)
            : DefaultPageSize;

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; null when absent or wrong (then an error).</summary>
    public static int? Integer(HttpRequest request, string name, int min, int max, string rule, ValidationErrors errors)
    {
        var text = request.Query[name].FirstOrDefault();
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        errors.Add(name, rule);
        return null;
    }

    /// <summary>Free text up to <paramref name="maxLength"/> characters; longer is an error.</summary>
    public static string? Text(HttpRequest request, string name, int maxLength, ValidationErrors errors)
    {
        var value = request.Query[name].FirstOrDefault();
        if (value is not null && value.Length > maxLength)
        {
            errors.Add(name, $"At most {maxLength} characters.");
            return null;
        }
        return value;
    }

    /// <summary>
    /// The storage continuation token, wrapped in base64url so it is opaque to clients and anything
    /// else is refused before it reaches storage.
    /// </summary>
    public static string? ContinuationToken(HttpRequest request, ValidationErrors errors)
    {
        var text = request.Query["continuationToken"].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            return new UTF8Encoding(false, true).GetString(Convert.FromBase64String(padded));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            errors.Add("continuationToken", "Not a token this API gave out.");
            return null;
        }
    }

    public static string? WrapContinuationToken(string? token)
        => token is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static DateTimeOffset? Instant(HttpRequest request, string name, ValidationErrors errors)
    {
        var text = request.Query[name].FirstOrDefault();
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }
        errors.Add(name, "An ISO 8601 date or date and time.");
        return null;
    }

    public static T? Enum<T>(HttpRequest request, string name, ValidationErrors errors) where T : struct, System.Enum
    {
        var text = request.Query[name].FirstOrDefault();
        if (text is null)
        {
            return null;
        }
        var value = Enums.Parse<T>(text);
        if (value is null)
        {
            errors.Add(name, "One of " + Enums.Names<T>() + ".");
        }
        return value;
    }
}
