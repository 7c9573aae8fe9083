using ClustersCord.DevHost.Docs;
using ClustersCord.DevHost.Functions;
using ClustersCord.DevHost.Queues;
using ClustersCord.DevHost.SendGridSink;
using ClustersCord.DevHost.Timers;
using ClustersCord.DevHost.Web;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Http;

namespace ClustersCord.DevHost;

/// <summary>
/// Builds the one-machine host: the function classes of ClustersCord.Functions behind their own routes
/// and schedules, through the same composition root as the Functions host, plus the SendGrid sink.
/// Tests call <see cref="Build"/> with their own settings and services. It adds no exception handler of its
/// own: the functions answer their failures through the app's handler (<see cref="StorageFailures"/>), and
/// whatever escapes it is an empty 500, as in Azure.
/// </summary>
public static class DevHostApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddClustersCord(builder.Configuration);
        // The worker's Kestrel limit, from the same setting; routes decide their own lower limits.
        builder.Services.AddRequestBodyLimit();
        // The organiser routes' check, after the audit middleware (the worker runs it as a function middleware).
        builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ClustersCord.Functions.Audit.ManageGateStartupFilter>();
        builder.Services.AddMvcCore();

        var catalog = FunctionCatalog.FromAssembly(typeof(CompositionRoot).Assembly);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton<TimerRunner>();
        builder.Services.AddHostedService<TimerScheduler>();
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddSingleton<SinkFaults>();
        builder.Services.AddQueues(Path.Combine(AppContext.BaseDirectory, "host.json"));
        configure?.Invoke(builder);

        var app = builder.Build();
        // A route no function serves (404, 405) gets a problem like the API's own refusals. Nothing else: an
        // exception is never turned into an answer here (an empty 5xx stays empty, as in Azure).
        app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode >= 500 ? Task.CompletedTask
            : ApiResults.Problem(context.HttpContext.Response.StatusCode,
                Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(context.HttpContext.Response.StatusCode)).ExecuteAsync(context.HttpContext));
        app.MapWebPages();
        app.MapDocs();
        app.MapFunctions(catalog, HostJson.RoutePrefix(Path.Combine(AppContext.BaseDirectory, "host.json")));
        app.MapAdmin(catalog);
        app.MapQueues();
        app.MapSendGridSink();
        return app;
    }
}
