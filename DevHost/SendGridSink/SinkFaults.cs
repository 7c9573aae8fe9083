using System.Net;

namespace ClustersCord.DevHost.SendGridSink;

/// <summary>
/// Failures the sink can be told to answer with, for tests of the sender's resilience and for rehearsing a
/// SendGrid outage on ./run (<c>/dev/outbox/faults</c>): the next N requests answered with given statuses
/// (429 with Retry-After), every request failing with a given probability, every request held a while.
/// </summary>
public sealed class SinkFaults(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Queue<HttpStatusCode> _scripted = new();
    private double _failureRate;
    private Random _random = new(1);
    private int _injected;
    private TimeSpan _hold;
    private int _holding;

    /// <summary>What the sink is told to do now, and how many failures it has answered so far.</summary>
    public sealed record State(IReadOnlyList<int> Next, double FailureRate, double HoldSeconds, int Injected, int Holding);

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

    /// <summary>Hold every request this long before answering it (a SendGrid that does not answer in time).</summary>
    public void Hold(TimeSpan duration)
    {
        lock (_gate)
        {
            _hold = duration;
        }
    }

    /// <summary>Replaces every fault at once: the statuses for the next requests, the failure rate and the hold.</summary>
    public void Set(IEnumerable<HttpStatusCode> next, double failureRate, TimeSpan hold)
    {
        lock (_gate)
        {
            _scripted.Clear();
            foreach (var status in next)
            {
                _scripted.Enqueue(status);
            }
            _failureRate = failureRate;
            _random = new Random(1);
            _hold = hold;
        }
    }

    public State Snapshot()
    {
        lock (_gate)
        {
            return new State(_scripted.Select(s => (int)s).ToArray(), _failureRate, _hold.TotalSeconds, Injected, Volatile.Read(ref _holding));
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _scripted.Clear();
            _failureRate = 0;
            _hold = TimeSpan.Zero;
        }
    }

    /// <summary>Waits out the hold, if one is set, on the host's clock (tests move it).</summary>
    internal async Task HoldAsync(CancellationToken cancellationToken)
    {
        TimeSpan hold;
        lock (_gate)
        {
            hold = _hold;
        }
        if (hold <= TimeSpan.Zero)
        {
            return;
        }
        // The timer starts before the request counts as held, so a clock moved once it shows is never missed.
        var delay = Task.Delay(hold, time, cancellationToken);
        Interlocked.Increment(ref _holding);
        try
        {
            await delay;
        }
        finally
        {
            Interlocked.Decrement(ref _holding);
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
