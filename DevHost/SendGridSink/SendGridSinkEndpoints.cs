using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace ClustersCord.DevHost.SendGridSink;

/// <summary>
/// A local stand-in for SendGrid's <c>POST /v3/mail/send</c>: the real SendGrid client is pointed here,
/// so the adapter's code runs as in production, and every accepted email can be read at <c>/dev/outbox</c>.
/// </summary>
public static class SendGridSinkEndpoints
{
    /// <summary>SendGrid's limit for a whole request, attachments included.</summary>
    public const long MaxRequestBytes = 30L * 1024 * 1024;

    public static void MapSendGridSink(this WebApplication app)
    {
        app.MapPost("/v3/mail/send", ReceiveAsync).WithDisplayName("SendGrid sink: mail/send");
        app.MapGet("/dev/outbox", (HttpContext context, Outbox outbox) =>
        {
            var (filter, invalid) = OutboxFilter.From(context.Request.Query);
            if (filter is null)
            {
                return Results.Problem(statusCode: 400, title: "Bad Request", detail: $"{invalid} is not an ISO 8601 instant (2026-05-01T09:00:00Z).");
            }
            var entries = outbox.Snapshot().Where(filter.Matches).ToArray();
            return context.Request.Query["format"].ToString() switch
            {
                "json" => Results.Json(entries.Select(e => new { receivedAt = e.ReceivedAt, request = e.Request })),
                // Counts without the bodies: for tools that wait for a burst's emails (bench/).
                "summary" => Results.Json(new
                {
                    requests = entries.Length,
                    personalizations = entries.Sum(e => filter.Personalizations(e).Count()),
                    lastReceivedAt = entries.Length == 0 ? (DateTimeOffset?)null : entries.Max(e => e.ReceivedAt),
                }),
                _ => Results.Content(OutboxPage.Render(entries, filter), "text/html; charset=utf-8"),
            };
        }).WithDisplayName("Outbox");
        app.MapSinkFaults();
        app.MapDelete("/dev/outbox", (Outbox outbox) =>
        {
            outbox.Clear();
            return Results.NoContent();
        }).WithDisplayName("Outbox: empty");
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, Outbox outbox, SinkFaults faults)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= "Bearer ".Length)
        {
            return Errors(HttpStatusCode.Unauthorized, [new SendGridError("The provided authorization grant is invalid, expired, or revoked", null)]);
        }
        await faults.HoldAsync(context.RequestAborted);
        if (faults.Next() is { } fault)
        {
            return fault;
        }
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = null;
        using var buffer = new MemoryStream();
        var limited = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(limited, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
            {
                return Errors(HttpStatusCode.BadRequest, [new SendGridError("The total size of your email, including attachments, must be less than 30MB.", null)]);
            }
            buffer.Write(limited, 0, read);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            return Errors(HttpStatusCode.BadRequest, [new SendGridError("Bad Request: the body is not valid JSON.", null)]);
        }
        using (document)
        {
            var errors = MailSendValidator.Validate(document.RootElement);
            if (errors.Count > 0)
            {
                return Errors(HttpStatusCode.BadRequest, errors);
            }
            outbox.Add(document.RootElement);
        }
        context.Response.Headers["X-Message-Id"] = Guid.NewGuid().ToString("N");
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    /// <summary>SendGrid's error body: <c>{"errors":[{"message","field","help"}]}</c>.</summary>
    internal static IResult Errors(HttpStatusCode status, IEnumerable<SendGridError> errors)
        => Results.Json(new { errors = errors.Select(e => new { message = e.Message, field = e.Field, help = (string?)null }) },
            statusCode: (int)status);
}
