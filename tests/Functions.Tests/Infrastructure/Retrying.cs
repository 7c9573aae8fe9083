using System.Diagnostics;
using System.Net;

namespace ClustersCord.Functions.Tests.Infrastructure;

/// <summary>
/// A client as the website is one: a 503 must carry Retry-After, and the request is sent again until it is
/// accepted (within a deadline). What the app acknowledged it must keep; what it refused with 503 it may
/// or may not have done, so a retry can find the work already done.
/// </summary>
public static class Retrying
{
    /// <summary>The test waits at most this long between tries, whatever Retry-After asks (5 s), to stay quick.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(250);

    public sealed record Outcome(HttpResponseMessage Response, int Refusals);

    public static async Task<Outcome> SendAsync(Func<Task<HttpResponseMessage>> send, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        var deadline = within ?? TimeSpan.FromSeconds(60);
        for (var refusals = 0; ; refusals++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return new Outcome(response, refusals);
            }
            var retryAfter = response.Headers.RetryAfter?.Delta;
            Assert.True(retryAfter is not null, "A 503 without Retry-After: " + await response.Content.ReadAsStringAsync());
            Assert.True(clock.Elapsed < deadline, $"Still 503 after {refusals + 1} tries in {clock.Elapsed.TotalSeconds:0} s.");
            await Task.Delay(retryAfter < LongestWait ? retryAfter.Value : LongestWait);
        }
    }
}
