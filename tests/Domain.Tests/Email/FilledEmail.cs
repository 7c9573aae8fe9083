using System.Text.RegularExpressions;
using ClustersCord.Domain.Email;

namespace ClustersCord.Domain.Tests.Email;

/// <summary>A message as one recipient reads it: their values filled into the placeholders in one pass, as a provider does.</summary>
internal static class FilledEmail
{
    public static (string Subject, string Text, string Html) For(EmailMessage message, EmailRecipient recipient)
    {
        var values = (recipient.Values ?? new Dictionary<string, string>()).ToDictionary(kv => "{{" + kv.Key + "}}", kv => kv.Value);
        string Fill(string text) => values.Count == 0
            ? text
            : Regex.Replace(text, string.Join('|', values.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)), m => values[m.Value]);
        return (Fill(message.Subject), Fill(message.TextBody), Fill(message.HtmlBody));
    }
}
