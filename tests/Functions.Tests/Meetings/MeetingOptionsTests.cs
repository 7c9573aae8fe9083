using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Meetings;

/// <summary>The scheduler's time limit is checked at start: a bad one stops the app and names the setting.</summary>
public sealed class MeetingOptionsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("121")]
    [InlineData("ten")]
    public async Task The_app_does_not_start_with_a_bad_solver_time(string value)
    {
        var stack = new TestStack { ExtraSettings = new Dictionary<string, string?> { ["Meetings:SolverSeconds"] = value } };
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(stack.InitializeAsync);
            Assert.Contains("SolverSeconds", failure.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                await stack.DisposeAsync();
            }
            catch (Exception)
            {
                // The host never started; there is nothing to stop.
            }
        }
    }
}
