using ClustersCord.Functions.Composition;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Http;

/// <summary>
/// The largest request body Kestrel lets through: the largest report upload (the largest body the API takes)
/// plus its multipart envelope. The worker's Kestrel would stop at 30,000,000 bytes by default and DevHost's
/// at the same, so both hosts set it from <c>Benchmarking:MaxUploadBytes</c> through this one method.
/// </summary>
public static class RequestBodyLimit
{
    /// <summary>Room for the multipart boundaries, part headers and the small text fields around the file.</summary>
    public const long MultipartAllowance = 64 * 1024;

    public static long Of(BenchmarkingOptions options) => options.MaxUploadBytes + MultipartAllowance;

    public static IServiceCollection AddRequestBodyLimit(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<BenchmarkingOptions>>((kestrel, benchmarking) => kestrel.Limits.MaxRequestBodySize = Of(benchmarking.Value));
        return services;
    }
}
