using Microsoft.Extensions.Time.Testing;

namespace ClustersCord.Functions.Tests.Infrastructure;

/// <summary>
/// A stack's fake clock. Only a test that owns its stack may move it: a clock moved on a stack shared by
/// a class's tests makes the others' outcome depend on their order (a purge a year on turns another
/// test's open registration into a 409). Moving a shared one fails at once, naming the remedy.
/// </summary>
public sealed class TestClock(DateTimeOffset start, bool movable) : FakeTimeProvider(start)
{
    public bool Movable { get; } = movable;

    public new void Advance(TimeSpan delta)
    {
        Guard();
        base.Advance(delta);
    }

    public new void SetUtcNow(DateTimeOffset value)
    {
        Guard();
        base.SetUtcNow(value);
    }

    /// <summary>
    /// Makes the clock follow the wall clock until the returned scope ends, in steps of
    /// <paramref name="step"/>: for tests of real concurrency, where code waits on this clock (the partition
    /// writer's back-off after a conflict, its deadlines) and no test step could say when to move it.
    /// </summary>
    public IAsyncDisposable Flowing(TimeSpan step)
    {
        Guard();
        var stop = new CancellationTokenSource();
        var loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                base.Advance(step);
                await Task.Delay(step, CancellationToken.None);
            }
        });
        return new FlowScope(stop, loop);
    }

    private sealed class FlowScope(CancellationTokenSource stop, Task loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await loop;
            stop.Dispose();
        }
    }

    private void Guard()
    {
        if (!Movable)
        {
            throw new InvalidOperationException(
                "This stack is shared by a class's tests: moving its clock would change what the others see. " +
                "Give the test a stack of its own (TestStack.StartOwnAsync or new TestStack { OwnClock = true }).");
        }
    }
}
