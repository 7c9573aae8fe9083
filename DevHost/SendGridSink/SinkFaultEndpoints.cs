using System.Net;
using ClustersCord.DevHost.Functions;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClustersCord.DevHost.SendGridSink;

/// <summary>
/// <c>/dev/outbox/faults</c>: rehearse a SendGrid outage on ./run. <c>PUT</c> replaces the faults with
/// <c>{"next": [429, 500], "failureRate": 0.2, "holdSeconds": 10}</c> (every field optional), <c>GET</c>
/// shows them and how many failures were injected, <c>DELETE</c> ends them. Organiser key, from this machine only.
/// </summary>
public static class SinkFaultEndpoints
{
    private const long MaxBodyBytes = 4 * 1024;
    private const int MaxNext = 1000;
    private static readonly TimeSpan MaxHold = TimeSpan.FromMinutes(5);

    public static void MapSinkFaults(this WebApplication app)
    {
        app.MapGet("/dev/outbox/faults", ShowAsync).WithDisplayName("Outbox: faults");
        app.MapPut("/dev/outbox/faults", SetAsync).WithDisplayName("Outbox: set faults");
        app.MapDelete("/dev/outbox/faults", EndAsync).WithDisplayName("Outbox: end faults");
    }

    private static Task ShowAsync(HttpContext context) => AnswerAsync(context, faults => Task.FromResult(Shown(faults.Snapshot())));

    private static Task SetAsync(HttpContext context) => AnswerAsync(context, faults => SetAsync(context.Request, faults));

    private static Task EndAsync(HttpContext context) => AnswerAsync(context, faults =>
    {
        faults.Reset();
        return Task.FromResult(ApiResults.NoContent());
    });

    private static async Task AnswerAsync(HttpContext context, Func<SinkFaults, Task<IActionResult>> action)
    {
        var allowed = context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
                      && context.RequestServices.GetRequiredService<Audiences>().IsOrganiser(context.Request);
        var result = allowed ? await action(context.RequestServices.GetRequiredService<SinkFaults>()) : ApiResults.Unauthorized();
        await result.ExecuteAsync(context);
    }

    private static async Task<IActionResult> SetAsync(HttpRequest request, SinkFaults faults)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes, RequestBody.Json, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }
        var (input, invalid) = JsonInput.Read<FaultsInput>(body!.Text);
        if (input is null)
        {
            return invalid!;
        }
        var errors = new Dictionary<string, string[]>();
        if (input.Next is { } next && (next.Length > MaxNext || next.Any(s => s is < 400 or > 599)))
        {
            errors["next"] = [$"At most {MaxNext} HTTP error statuses (400–599)."];
        }
        if (input.FailureRate is < 0 or > 1 || input.FailureRate is { } rate && double.IsNaN(rate))
        {
            errors["failureRate"] = ["A share of requests from 0 to 1."];
        }
        if (input.HoldSeconds is < 0 || input.HoldSeconds > MaxHold.TotalSeconds || input.HoldSeconds is { } hold && double.IsNaN(hold))
        {
            errors["holdSeconds"] = [$"Seconds from 0 to {MaxHold.TotalSeconds}."];
        }
        if (errors.Count > 0)
        {
            return ApiResults.ValidationProblem(errors);
        }
        faults.Set((input.Next ?? []).Select(s => (HttpStatusCode)s), input.FailureRate ?? 0, TimeSpan.FromSeconds(input.HoldSeconds ?? 0));
        return Shown(faults.Snapshot());
    }

    private static IActionResult Shown(SinkFaults.State state) => ApiResults.Ok(new
    {
        next = state.Next,
        failureRate = state.FailureRate,
        holdSeconds = state.HoldSeconds,
        injected = state.Injected,
        holding = state.Holding,
    });

    private sealed record FaultsInput(int[]? Next, double? FailureRate, double? HoldSeconds);
}
