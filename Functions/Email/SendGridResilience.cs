using System.Net;
using ClustersCord.Functions.Composition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ClustersCord.Functions.Email;

/// <summary>
/// The SendGrid HttpClient's resilience pipeline, from <see cref="EmailOptions"/>: the standard pipeline's
/// strategies (total timeout, retry honouring Retry-After up to the maximum delay, circuit breaker,
/// per-attempt timeout). Its clock is the wall clock on purpose: a network timeout is the machine's time,
/// not the app's (tests move the app's clock; that must not freeze or fire a request's timeout).
/// </summary>
public static class SendGridResilience
{
    public static void AddTo(IHttpClientBuilder client)
    {
        client.AddResilienceHandler("sendgrid", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<EmailOptions>>().Value;
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddTimeout(options.TotalTimeout);
            if (options.MaxAttempts > 1)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxAttempts - 1,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.FirstRetryDelay,
                    MaxDelay = options.MaxRetryDelay,
                    ShouldRetryAfterHeader = false,
                    DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryDelay)),
                });
            }
            // The breaker's window must hold at least two attempts.
            var window = 2 * options.AttemptTimeout;
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                SamplingDuration = window > TimeSpan.FromSeconds(30) ? window : TimeSpan.FromSeconds(30),
                MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            });
            pipeline.AddTimeout(options.AttemptTimeout);
        });
    }

    /// <summary>SendGrid's Retry-After, at most <paramref name="max"/>; null (the back-off) without one.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max)
    {
        if (response is not { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable }
            || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }
        var asked = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return asked is not { } wait || wait <= TimeSpan.Zero ? null : wait < max ? wait : max;
    }
}
