using System.Net;
using System.Text;
using System.Text.Json;

namespace ClustersCord.DevHost.SendGridSink;

/// <summary>
/// The outbox for a person: one card per delivered email (each personalization with its substitutions
/// applied, as the recipient would see it), newest first. HTML bodies render in a sandboxed frame.
/// </summary>
public static class OutboxPage
{
    public static string Render(IReadOnlyList<OutboxEntry> entries, OutboxFilter filter)
    {
        var html = new StringBuilder("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Outbox · Clusters Cord DevHost</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{font:15px/1.4 system-ui,sans-serif;margin:2rem;color:#1a1a1a}article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}
            dt{font-weight:600;float:left;width:7rem}dd{margin:0 0 .3rem 7rem}iframe{width:100%;height:22rem;border:1px solid #ddd}
            pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}</style></head><body>
            """);
        var count = entries.Sum(e => filter.Personalizations(e).Count());
        html.Append($"<h1>Outbox</h1><p>{count} email(s) in {entries.Count} request(s){(filter.IsEmpty ? "" : " matching the filter")}, newest first. ");
        html.Append("JSON (oldest first, same filters): <a href=\"/dev/outbox?format=json\">/dev/outbox?format=json</a>. Empty it with <code>DELETE /dev/outbox</code>.</p>");
        html.Append("<form method=\"get\" role=\"search\"><label>To <input name=\"to\" value=\"").Append(E(filter.To ?? "")).Append("\"></label> ");
        html.Append("<label>Subject <input name=\"subject\" value=\"").Append(E(filter.Subject ?? "")).Append("\"></label> ");
        html.Append("<label>Since <input name=\"since\" placeholder=\"2026-05-01T09:00:00Z\" value=\"").Append(E(filter.Since?.ToString("O") ?? "")).Append("\"></label> ");
        html.Append("<button type=\"submit\">Filter</button> <a href=\"/dev/outbox\">All</a></form>");
        foreach (var entry in entries.Reverse())
        {
            foreach (var personalization in filter.Personalizations(entry))
            {
                AppendEmail(html, entry, personalization);
            }
        }
        return html.Append("</body></html>").ToString();
    }

    private static void AppendEmail(StringBuilder html, OutboxEntry entry, JsonElement personalization)
    {
        var substitutions = Substitutions.Of(personalization);
        string Fill(string text) => Substitutions.Apply(text, substitutions);
        var to = OutboxFilter.Recipients(personalization);
        html.Append("<article><dl>");
        html.Append($"<dt>Received</dt><dd>{entry.ReceivedAt:u}</dd>");
        html.Append($"<dt>From</dt><dd>{E(Address(entry.Request.GetProperty("from")))}</dd>");
        html.Append($"<dt>To</dt><dd>{E(to)}</dd>");
        html.Append($"<dt>Subject</dt><dd>{E(OutboxFilter.SubjectOf(entry, personalization))}</dd>");
        if (entry.Request.TryGetProperty("attachments", out var attachments))
        {
            var names = attachments.EnumerateArray().Select(a => a.GetProperty("filename").GetString());
            html.Append($"<dt>Attachments</dt><dd>{E(string.Join(", ", names))}</dd>");
        }
        html.Append("</dl>");
        foreach (var block in entry.Request.TryGetProperty("content", out var content) ? content.EnumerateArray() : [])
        {
            var value = Fill(block.GetProperty("value").GetString() ?? "");
            html.Append(block.GetProperty("type").GetString() == "text/html"
                ? $"<iframe sandbox title=\"HTML part\" srcdoc=\"{E(value)}\"></iframe>"
                : $"<pre>{E(value)}</pre>");
        }
        html.Append("</article>");
    }

    private static string Address(JsonElement address)
        => address.TryGetProperty("name", out var name) ? $"{name.GetString()} <{address.GetProperty("email").GetString()}>" : address.GetProperty("email").GetString() ?? "";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
