using ClustersCord.DevHost.Functions;
using ClustersCord.DevHost.Queues;
using ClustersCord.DevHost.SendGridSink;
using ClustersCord.DevHost.Timers;
using ClustersCord.DevHost.Web;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Diagnostics;

namespace ClustersCord.DevHost;

/// <summary>
/// Builds the one-machine host: the function classes of ClustersCord.Functions behind their own routes
/// and schedules, through the same composition root as the Functions host, plus the SendGrid sink.
/// Tests call <see cref="Build"/> with their own settings and services.
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
        // Like the Functions host: request bodies up to 100 MB; routes decide their own lower limits.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 100L * 1024 * 1024);
        builder.Services.AddClustersCord(builder.Configuration);
        builder.Services.AddMvcCore();
        builder.Services.AddProblemDetails();

        var catalog = FunctionCatalog.FromAssembly(typeof(CompositionRoot).Assembly);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton<TimerRunner>();
        builder.Services.AddHostedService<TimerScheduler>();
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddSingleton<SinkFaults>();
        builder.Services.AddQueues(Path.Combine(AppContext.BaseDirectory, "host.json"));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Never a stack trace: the problem says only that it failed. The middleware's own log line would
            // carry the exception's message, which may echo personal data: this handler logs a description.
            SuppressDiagnosticsCallback = _ => true,
            ExceptionHandler = context =>
            {
                var feature = context.Features.Get<IExceptionHandlerFeature>();
                var status = feature?.Error is BadHttpRequestException bad ? bad.StatusCode : 500;
                if (feature?.Error is { } error)
                {
                    DevHostLog.Unhandled(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DevHostApplication)),
                        feature.Endpoint?.DisplayName ?? context.Request.Method, status, LoggedException.Describe(error));
                }
                return ApiResults.Problem(status, status == 500 ? "Internal Server Error" : "Bad Request").ExecuteAsync(context);
            },
        });
        app.UseStatusCodePages(context => ApiResults.Problem(context.HttpContext.Response.StatusCode,
            ReasonPhrase(context.HttpContext.Response.StatusCode)).ExecuteAsync(context.HttpContext));
        app.MapWebPages();
        app.MapFunctions(catalog, HostJson.RoutePrefix(Path.Combine(AppContext.BaseDirectory, "host.json")));
        app.MapAdmin(catalog);
        app.MapQueues();
        app.MapSendGridSink();
        return app;
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
