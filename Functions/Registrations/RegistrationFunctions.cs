using System.Text;
using ClustersCord.Domain.Calendar;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Registrations;

/// <summary>
/// The website's registration form, and what a registrant does through their manage link (the token in
/// the <c>X-Manage-Token</c> header, never in the URL: see <see cref="ManageTokenTransport"/>).
/// </summary>
public sealed class RegistrationFunctions(
    RegistrationService registrations,
    RegistrationLinks links,
    IOptions<SiteOptions> site,
    ILogger<RegistrationFunctions> logger)
{
    public const long MaxFormBytes = 64 * 1024;

    [Function("Register")]
    public Task<IActionResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/registrations")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (body, problem) = await RequestBody.ReadAsync(request, MaxFormBytes, [BodyKind.Json, BodyKind.Form], cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var errors = new ValidationErrors();
            var form = RegistrationFormReader.Read(body!, errors);
            // A plain HTML form (no JavaScript) gets pages, never JSON: a refusal shows the form again.
            var html = body!.Kind == BodyKind.Form && RequestBody.PrefersHtml(request);
            if (form is null)
            {
                return html ? FormPage(400, body.Text, request, errors.ToDictionary()) : ApiResults.ValidationProblem(errors.ToDictionary());
            }
            var outcome = await registrations.RegisterAsync(eventId, form, errors, cancellationToken);
            return outcome switch
            {
                RegisterOutcome.Invalid invalid when html => FormPage(400, body.Text, request, invalid.Errors.ToDictionary()),
                RegisterOutcome.Invalid invalid => ApiResults.ValidationProblem(invalid.Errors.ToDictionary()),
                RegisterOutcome.EventNotFound when html => FormPage(404, body.Text, request, null, "eventNotFound"),
                RegisterOutcome.EventNotFound => ApiResults.NotFound("No such event."),
                RegisterOutcome.Closed when html => FormPage(409, body.Text, request, null, "registrationClosed"),
                RegisterOutcome.Closed => ApiResults.Conflict("Registration for this event is not open.", ProblemTypes.RegistrationClosed),
                RegisterOutcome.Ignored => html ? ThankYou(Enums.Name(RegistrationStatus.Confirmed)) : FakeSuccess(eventId),
                RegisterOutcome.AlreadyRegistered => html ? ThankYou(AlreadyRegisteredResponse.Status) : ApiResults.Ok(new AlreadyRegisteredResponse()),
                RegisterOutcome.Registered r when html => ThankYou(Enums.Name(r.Registration.Status)),
                RegisterOutcome.Registered r => ApiResults.Created(
                    $"/api/registrations/{r.Registration.Id}", RegistrationResponse.From(r.Registration, r.WaitlistPosition, links)),
                _ => throw new InvalidOperationException("Unknown outcome."),
            };
        });

    [Function("GetRegistration")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "registrations/{registrationId}")] HttpRequest request,
        string registrationId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            if (ManageTokenTransport.OfferedInQuery(request))
            {
                return ManageTokenTransport.RefusedInQuery();
            }
            var view = await registrations.GetAsync(registrationId, ManageTokenTransport.FromHeader(request), cancellationToken);
            return view is null ? NotFound() : ApiResults.Ok(RegistrantResponse.From(view, links));
        });

    [Function("CancelRegistration")]
    public Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "registrations/{registrationId}")] HttpRequest request,
        string registrationId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
            ManageTokenTransport.OfferedInQuery(request) ? ManageTokenTransport.RefusedInQuery()
            : await registrations.CancelAsync(registrationId, ManageTokenTransport.FromHeader(request), cancellationToken) ? ApiResults.NoContent()
            : NotFound());

    [Function("RegistrationCalendar")]
    public Task<IActionResult> Calendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "registrations/{registrationId}/calendar.ics")] HttpRequest request,
        string registrationId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            if (ManageTokenTransport.OfferedInQuery(request))
            {
                return ManageTokenTransport.RefusedInQuery();
            }
            var view = await registrations.GetAsync(registrationId, ManageTokenTransport.FromHeader(request), cancellationToken);
            if (view is null)
            {
                return NotFound();
            }
            var calendar = registrations.Calendar(view);
            return calendar is null
                ? ApiResults.NotFound("The event has no exact dates yet, so there is no calendar file.")
                : ApiResults.File(Encoding.UTF8.GetBytes(calendar), EventCalendar.ContentType + "; charset=utf-8", $"{view.Event.Id}.ics");
        });

    // An unknown id and a wrong token get the very same answer, so a link cannot be probed.
    private static IActionResult NotFound() => ApiResults.NotFound("No such registration.");

    private IActionResult FormPage(int status, string formText, HttpRequest request, IReadOnlyDictionary<string, string[]>? errors, string? messageKey = null)
        => RegistrationFormPage.Refused(status, formText, request.PathBase + request.Path, site.Value.ThankYouUrl, errors, messageKey);

    private IActionResult ThankYou(string status)
    {
        var url = site.Value.ThankYouUrl.ToString();
        return ApiResults.SeeOther(url + (url.Contains('?') ? "&" : "?") + "status=" + status);
    }

    /// <summary>For the honeypot: looks like a 201 to a bot, stores and sends nothing.</summary>
    private IActionResult FakeSuccess(string eventId)
    {
        var id = RegistrationIds.New(eventId);
        return ApiResults.Created($"/api/registrations/{id}", new RegistrationResponse(id, eventId, "confirmed", null, links.Manage(id)));
    }
}
