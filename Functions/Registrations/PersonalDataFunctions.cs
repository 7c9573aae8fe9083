using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Registrations;

/// <summary>Erasure on request, and anonymisation once the retention time after an event has passed.</summary>
public sealed partial class PersonalDataFunctions(
    PersonalDataService personalData,
    IOptions<RegistrationOptions> options,
    ILogger<PersonalDataFunctions> logger)
{
    private const long MaxErasureBytes = 4 * 1024;

    /// <summary>The address comes in the body: a URL reaches request logs and telemetry.</summary>
    [Function("ErasePerson")]
    public Task<IActionResult> Erase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/people/erasure")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (body, problem) = await RequestBody.ReadAsync(request, MaxErasureBytes, RequestBody.Json, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var (input, invalid) = JsonInput.Read<ErasureRequest>(body!.Text);
            if (input is null)
            {
                return invalid!;
            }
            var email = input.Email?.Trim();
            if (string.IsNullOrEmpty(email) || !EmailAddress.IsValid(email))
            {
                return ApiResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["A valid email address is required."] });
            }
            var report = await personalData.EraseAsync(email, cancellationToken);
            LogErased(report.Registrations, report.Cancelled, report.PendingEmails, report.Reminders, report.ClusterContacts, report.Invitations);
            return ApiResults.Ok(new
            {
                erased = new
                {
                    registrations = report.Registrations,
                    cancelled = report.Cancelled,
                    pendingEmails = report.PendingEmails,
                    reminders = report.Reminders,
                    clusterContacts = report.ClusterContacts,
                    invitations = report.Invitations,
                    introductionMessages = report.IntroductionMessages,
                    introductionContacts = report.IntroductionContacts,
                    signatories = report.Signatories,
                },
            });
        });

    [Function("PurgePersonalData")]
    public async Task Purge([TimerTrigger("%Registrations:PurgeSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await personalData.PurgeAsync(options.Value.RetentionAfterEvent, cancellationToken);
        LogPurged(report.Registrations, report.PendingEmails, report.Reminders);
    }

    private sealed record ErasureRequest(string? Email);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Erased a person's data: {Registrations} registrations, {Cancelled} cancelled, {PendingEmails} pending emails, {Reminders} reminder records, {ClusterContacts} cluster contacts, {Invitations} invitations")]
    private partial void LogErased(int registrations, int cancelled, int pendingEmails, int reminders, int clusterContacts, int invitations);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Anonymised {Count} registrations past their retention time ({PendingEmails} pending emails, {Reminders} reminder records dropped)")]
    private partial void LogPurged(int count, int pendingEmails, int reminders);
}
