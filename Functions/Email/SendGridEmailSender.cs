using System.Net;
using System.Text.Json;
using ClustersCord.Domain.Email;
using ClustersCord.Functions.Composition;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace ClustersCord.Functions.Email;

/// <summary>
/// Sends through SendGrid's v3 mail-send API. Retries (429 honouring Retry-After, 5xx, timeouts, network
/// failures), the per-attempt and total timeouts and the circuit breaker are the HttpClient's resilience
/// pipeline (see CompositionRoot). The SendGrid client does not throw on a non-2xx answer, so the final
/// answer is checked here: 2xx accepted; 429, 5xx, a timeout, an open circuit or no connection transient;
/// any other answer a permanent refusal, reported per recipient. Nothing here throws for the provider.
/// </summary>
public sealed partial class SendGridEmailSender(
    ISendGridClient client,
    IOptions<EmailOptions> options,
    ILogger<SendGridEmailSender> logger) : IEmailSender
{
    public const string HttpClientName = "SendGrid";

    public async Task<EmailSendOutcome> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var outcomes = new List<RecipientOutcome>(message.Recipients.Count);
        foreach (var batch in SendGridBatches.Split(message.Recipients))
        {
            var (status, reason, code) = await SendBatchAsync(message, batch, cancellationToken);
            outcomes.AddRange(batch.Select(r => new RecipientOutcome(r.Email, status, reason) { StatusCode = code }));
        }
        return new EmailSendOutcome(outcomes);
    }

    private async Task<(DeliveryStatus, string?, int?)> SendBatchAsync(
        EmailMessage message, IReadOnlyList<EmailRecipient> batch, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var mail = SendGridMessageFactory.Create(message, batch, new EmailAddress(settings.FromAddress, settings.FromName));
        try
        {
            var response = await client.SendEmailAsync(mail, cancellationToken);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                LogSent(batch.Count, code);
                return (DeliveryStatus.Accepted, null, code);
            }
            var reason = Reason(code, await response.Body.ReadAsStringAsync(cancellationToken));
            if (response.StatusCode != HttpStatusCode.TooManyRequests && code < 500)
            {
                LogRefused(batch.Count, code);
                return (DeliveryStatus.Refused, reason, code);
            }
            LogTransient(code, "answer");
            return (DeliveryStatus.Transient, reason, code);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Unreachable(e) is { } what)
        {
            LogTransient(0, what);
            return (DeliveryStatus.Transient, $"SendGrid could not be reached ({what}).", null);
        }
    }

    /// <summary>What kind of failure to reach SendGrid this is; null for anything else (a defect: it propagates).</summary>
    private static string? Unreachable(Exception e) => e switch
    {
        HttpRequestException http => http.HttpRequestError.ToString(),
        TimeoutRejectedException => "timeout",
        BrokenCircuitException => "circuit open",
        OperationCanceledException => "timeout",
        _ => null,
    };

    /// <summary>
    /// The status and the fields SendGrid names (<c>personalizations.0.to</c>), never its messages: they may
    /// quote an address, and the reason is stored with reminder records and shown to organisers.
    /// </summary>
    private static string Reason(int code, string body)
    {
        var fields = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("field", out var field)
                        && field.GetString() is { Length: > 0 and <= 100 } name && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '[' or ']'))
                    {
                        fields.Add(name);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not SendGrid's error shape: the status alone.
        }
        var named = fields.Distinct(StringComparer.Ordinal).Take(10).ToArray();
        return named.Length == 0 ? $"SendGrid answered {code}." : $"SendGrid answered {code} about {string.Join(", ", named)}.";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email accepted for {RecipientCount} recipients (status {StatusCode})")]
    private partial void LogSent(int recipientCount, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email refused for {RecipientCount} recipients (status {StatusCode})")]
    private partial void LogRefused(int recipientCount, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email send failed transiently after the retries (status {StatusCode}, {Failure})")]
    private partial void LogTransient(int statusCode, string failure);
}
