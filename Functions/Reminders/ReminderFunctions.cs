using System.Net;
using System.Text;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;
using ClustersCord.Domain.Reminders;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Reminders;

/// <summary>Organisers' view of reminders, and the registrant's one-click stop.</summary>
public sealed class ReminderFunctions(
    ReminderOverview overview,
    RegistrationService registrations,
    RegistrationLinks links,
    ILogger<ReminderFunctions> logger)
{
    [Function("ListReminders")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "manage/events/{eventId}/reminders")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var errors = new ValidationErrors();
            var pageSize = ApiQuery.PageSize(request, errors);
            var token = ApiQuery.ContinuationToken(request, errors);
            if (!errors.IsEmpty)
            {
                return ApiResults.ValidationProblem(errors.ToDictionary());
            }
            var page = await overview.PageAsync(eventId, pageSize!.Value, token, cancellationToken);
            if (page is null)
            {
                return ApiResults.NotFound("No such event.");
            }
            return ApiResults.Ok(new
            {
                items = page.Items.Select(i => new
                {
                    registrationId = i.Registration.Id,
                    name = i.Registration.Person.FullName,
                    email = i.Registration.Person.Email,
                    language = i.Registration.Person.Language,
                    registrationStatus = Enums.Name(i.Registration.Status),
                    reminders = i.Reminders,
                }),
                continuationToken = ApiQuery.WrapContinuationToken(page.ContinuationToken),
            });
        });

    /// <summary>
    /// The link in List-Unsubscribe and in the email: mail clients POST to it (RFC 8058 one-click); a
    /// person clicking it gets a page with a button, so that link scanners fetching it change nothing.
    /// Its <c>token</c> is the narrow unsubscribe token, which opens nothing else; the manage token is
    /// refused here like any wrong token.
    /// </summary>
    [Function("StopReminders")]
    public Task<IActionResult> Stop(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", Route = "registrations/{registrationId}/reminders/stop")] HttpRequest request,
        string registrationId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var token = request.Query["token"].FirstOrDefault();
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            {
                return !await registrations.IsUnsubscribeLinkAsync(registrationId, token, cancellationToken)
                    ? ApiResults.NotFound("No such registration.")
                    : await PageAsync(request, registrationId, "stopReminders.title", "stopReminders.question",
                        texts => $"""<form method="post"><button type="submit">{texts.Html("stopReminders.button")}</button></form>""", cancellationToken);
            }
            return await registrations.StopRemindersAsync(registrationId, token, cancellationToken)
                ? PrefersJson(request) ? ApiResults.NoContent()
                    : await PageAsync(request, registrationId, "stopReminders.doneTitle", "stopReminders.done", _ => "", cancellationToken)
                : ApiResults.NotFound("No such registration.");
        });

    /// <summary>
    /// The page in the link's language: <c>?lang=</c>, else the registrant's (their reminders are in it), else
    /// the browser's; with the event's title in that language. Called only once the link has proved itself.
    /// </summary>
    private async Task<IActionResult> PageAsync(HttpRequest request, string registrationId, string titleKey, string textKey,
        Func<SiteTexts, string> form, CancellationToken cancellationToken)
    {
        var view = await registrations.GetAsync(registrationId, links.Token(registrationId), cancellationToken);
        var chosen = request.Query["lang"].FirstOrDefault();
        var texts = SiteTexts.For(Language.IsSupported(chosen) ? chosen
            : view?.Registration.Person.Language ?? Language.Choose(null, request.Headers.AcceptLanguage.ToString()));
        var title = view?.Event.TitleIn(texts.Code) ?? "";
        return Page(texts, texts.Text(titleKey), $"<p>{texts.Html(textKey, ("event", title))}</p>{form(texts)}");
    }

    private static bool PrefersJson(HttpRequest request) => request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    private static IActionResult Page(SiteTexts texts, string title, string body)
        => new ContentActionResult(200, "text/html; charset=utf-8", Encoding.UTF8.GetBytes($"""
            <!doctype html><html lang="{texts.Code}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(title)} · Clusters Cord</title></head>
            <body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><main><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</main></body></html>
            """));
}
