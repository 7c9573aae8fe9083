using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// The rules that keep tests from racing each other or the machine: a shared stack's clock stays put, no
/// test sleeps on the wall clock, and the slow kinds of test carry the Slow category so a local run can
/// skip them (<c>./test --filter "Category!=Slow"</c>); CI runs all.
/// </summary>
public sealed class TestIsolationTests(TestStack shared) : IClassFixture<TestStack>
{
    private const string SlowTrait = "[Trait(\"Category\", \"Slow\")]";

    [Fact]
    public void A_shared_stacks_clock_refuses_to_move_and_stays_where_it_was()
    {
        var before = shared.Time.GetUtcNow();

        var advance = Assert.Throws<InvalidOperationException>(() => shared.Time.Advance(TimeSpan.FromDays(392)));
        Assert.Throws<InvalidOperationException>(() => shared.Time.SetUtcNow(TestStack.Start.AddYears(1)));

        Assert.Contains("a stack of its own", advance.Message, StringComparison.Ordinal);
        Assert.Equal(before, shared.Time.GetUtcNow());
    }

    [Fact]
    public async Task A_stack_of_the_tests_own_moves_its_clock_and_no_other()
    {
        await using var own = await TestStack.StartOwnAsync();

        own.Time.Advance(TimeSpan.FromDays(392));

        Assert.Equal(TestStack.Start.AddDays(392), own.Time.GetUtcNow());
        Assert.Equal(TestStack.Start, shared.Time.GetUtcNow());
        // The app on that stack reads the moved clock: an event's window opened a year ago is closed now.
        var eventId = await own.CreateEventAsync();
        Assert.Equal(System.Net.HttpStatusCode.Conflict, (await own.RegisterAsync(eventId, Api.Person($"late-{eventId}@example.org"))).StatusCode);
    }

    [Fact]
    public void No_test_sleeps_on_the_wall_clock()
    {
        // Waiting belongs in Infrastructure (Eventually: a condition with a deadline; Retrying: Retry-After).
        var sleepers = TestSources()
            .Where(f => !f.Path.StartsWith("Infrastructure" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => f.Text.Contains("Task.Delay(", StringComparison.Ordinal) || f.Text.Contains("Thread.Sleep(", StringComparison.Ordinal))
            .Select(f => f.Path);
        Assert.Empty(sleepers);
    }

    [Fact]
    public void Browser_and_own_storage_tests_are_tagged_slow()
    {
        var untagged = TestSources()
            .Where(f => f.Text.Contains("using Microsoft.Playwright;", StringComparison.Ordinal) || f.Text.Contains("Azurite.StartAsync(", StringComparison.Ordinal))
            .Where(f => !f.Path.StartsWith("Infrastructure" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => !f.Text.Contains(SlowTrait, StringComparison.Ordinal))
            .Select(f => f.Path);
        Assert.Empty(untagged);
    }

    /// <summary>The test project's own sources (not this file, which names what it looks for).</summary>
    private static IEnumerable<(string Path, string Text)> TestSources()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "Functions.Tests");
        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(f => (Path: Path.GetRelativePath(folder, f), Text: File.ReadAllText(f)))
            .Where(f => !f.Path.StartsWith("bin", StringComparison.Ordinal) && !f.Path.StartsWith("obj", StringComparison.Ordinal))
            .Where(f => f.Path != nameof(TestIsolationTests) + ".cs")
            .ToList();
        Assert.NotEmpty(sources);
        return sources;
    }
}
