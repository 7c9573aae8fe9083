using System.Net;

namespace ClustersCord.DevHost.SendGridSink;

/// <summary>
/// Failures the sink can be told to answer with, for tests of the sender's resilience: the next N
/// requests answered 429 (with Retry-After) or 500, or every request failing with a given probability.
/// </summary>
public sealed class SinkFaults
{
    private readonly Lock _gate = new();
    private readonly Queue<HttpStatusCode> _scripted = new();
    private double _failureRate;
    private Random _random = new(1);
    private int _injected;

    /// <summary>How many requests were answered with an injected failure so far.</summary>
    public int Injected => Volatile.Read(ref _injected);

    public void Enqueue(params HttpStatusCode[] statuses)
    {
        lock (_gate)
        {
            foreach (var status in statuses)
            {
                _scripted.Enqueue(status);
            }
        }
    }

    /// <summary>Fail about this share of requests (0–1), alternating 429 and 500, from a seeded generator.</summary>
    public void FailRandomly(double rate, int seed)
    {
        lock (_gate)
        {
            _failureRate = rate;
            _random = new Random(seed);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _scripted.Clear();
            _failureRate = 0;
        }
    }

    internal IResult? Next()
    {
        HttpStatusCode? status;
        lock (_gate)
        {
            status = _scripted.Count > 0 ? _scripted.Dequeue()
                : _failureRate > 0 && _random.NextDouble() < _failureRate
                    ? (_random.Next(2) == 0 ? HttpStatusCode.TooManyRequests : HttpStatusCode.InternalServerError)
                    : null;
        }
        if (status is null)
        {
            return null;
        }
        Interlocked.Increment(ref _injected);
        return status == HttpStatusCode.TooManyRequests
            ? new TooManyRequests()
            : SendGridSinkEndpoints.Errors(status.Value, [new SendGridError("Injected failure.", null)]);
    }

    private sealed class TooManyRequests : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            await SendGridSinkEndpoints.Errors(HttpStatusCode.TooManyRequests, [new SendGridError("too many requests", null)]).ExecuteAsync(httpContext);
        }
    }
}
