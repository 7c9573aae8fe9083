using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ClustersCord.Functions.Http;

/// <summary>
/// Text that is valid UTF-8 on the wire but not text once decoded: a JSON <c>\ud800</c> escape (a lone
/// surrogate, which System.Text.Json refuses only when a string is read, as an InvalidOperationException)
/// and a form's <c>%FF</c> (which form parsing quietly turns into U+FFFD). Checked once, where every body is
/// read, so that no route meets them later as a 500 or as replacement characters in stored data.
/// </summary>
public static class TextInBodies
{
    /// <summary>Why the JSON's escapes are not text, or null. Syntax errors are left to the JSON readers, which name the field.</summary>
    public static string? JsonEscapesNotText(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            return "The body has a \\u escape that is not a character (a lone surrogate).";
        }
        catch (JsonException)
        {
            // Not valid JSON: the route's own reader reports it, with the field's path.
        }
        return null;
    }

    /// <summary>Why a form body's percent-encoding is not UTF-8 text, or null.</summary>
    public static string? FormEncodingNotText(string form)
    {
        foreach (var part in form.Split('&', '='))
        {
            if (!part.Contains('%'))
            {
                continue;
            }
            var bytes = new List<byte>(part.Length);
            for (var i = 0; i < part.Length; i++)
            {
                if (part[i] == '%' && i + 2 < part.Length
                    && byte.TryParse(part.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    bytes.Add(b);
                    i += 2;
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(part[i].ToString()));
                }
            }
            try
            {
                RequestBody.StrictUtf8.GetString(bytes.ToArray());
            }
            catch (DecoderFallbackException)
            {
                return "The form has percent-encoded bytes that are not UTF-8.";
            }
        }
        return null;
    }
}
