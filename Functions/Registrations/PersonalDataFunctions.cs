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
    [Function("ErasePerson")]
    public Task<IActionResult> Erase(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "manage/people")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var email = request.Query["email"].FirstOrDefault()?.Trim();
            if (string.IsNullOrEmpty(email) || !EmailAddress.IsValid(email))
            {
                return ApiResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["A valid email address is required."] });
            }
            var report = await personalData.EraseAsync(email, cancellationToken);
            LogErased(report.Registrations, report.Cancelled);
            return ApiResults.Ok(new { erased = new { registrations = report.Registrations, cancelled = report.Cancelled } });
        });

    [Function("PurgePersonalData")]
    public async Task Purge([TimerTrigger("%Registrations:PurgeSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var anonymised = await personalData.PurgeAsync(options.Value.RetentionAfterEvent, cancellationToken);
        LogPurged(anonymised);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased a person's data: {Registrations} registrations, {Cancelled} cancelled")]
    private partial void LogErased(int registrations, int cancelled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Anonymised {Count} registrations past their retention time")]
    private partial void LogPurged(int count);
}
