using System.Net;
using System.Security.Cryptography;

namespace ClustersCord.Domain.Email;

/// <summary>
/// The per-recipient slots of one rendered message. Each key carries a random nonce of this render, so
/// no text a person typed (a name, a title, a cluster name) can spell a placeholder that the provider
/// would fill with another field. Every value comes in two forms: as typed for the subject and text part,
/// and HTML-encoded for the HTML part.
/// </summary>
public sealed class Placeholders
{
    private readonly string _nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The placeholder for the value as typed (subject, text part).</summary>
    public string Text(string name) => "{{" + Key(name, html: false) + "}}";

    /// <summary>The placeholder for the HTML-encoded value (HTML part).</summary>
    public string Html(string name) => "{{" + Key(name, html: true) + "}}";

    public string For(string name, bool html) => html ? Html(name) : Text(name);

    /// <summary>A recipient's values, keyed as <see cref="EmailRecipient.Values"/> expects (without the braces).</summary>
    public Dictionary<string, string> Values(IEnumerable<KeyValuePair<string, string>> values)
    {
        var keyed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            keyed[Key(name, html: false)] = value;
            keyed[Key(name, html: true)] = WebUtility.HtmlEncode(value);
        }
        return keyed;
    }

    private string Key(string name, bool html) => name + (html ? "Html_" : "_") + _nonce;
}
