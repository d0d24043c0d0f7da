using Orchestrator.Core.Cycle;
using Xunit;

namespace Orchestrator.Tests.Reliability;

/// <summary>The runaway guard's window: its own calls, or the creations the store shows, whichever is more.</summary>
public sealed class CreateRateLimiterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 0, 20)]
    [InlineData(5, 0, 15)]
    [InlineData(5, 12, 8)]   // a restarted or second replica: the store shows more than this process made
    [InlineData(25, 0, 0)]
    public void Allowance_is_the_limit_less_the_larger_count_in_the_window(int ownCalls, int observed, int expected)
    {
        var limiter = new CreateRateLimiter(20);
        for (var i = 0; i < ownCalls; i++)
        {
            limiter.Record(T0);
        }

        Assert.Equal(expected, limiter.Allowance(T0.AddSeconds(30), Enumerable.Repeat(T0.AddSeconds(10), observed)));
    }

    [Fact]
    public void Calls_and_creations_a_minute_old_leave_the_window()
    {
        var limiter = new CreateRateLimiter(20);
        for (var i = 0; i < 20; i++)
        {
            limiter.Record(T0);
        }

        Assert.Equal(0, limiter.Allowance(T0.AddSeconds(59), [T0]));
        Assert.Equal(20, limiter.Allowance(T0.AddSeconds(60), [T0, T0.AddHours(-1)]));
    }
}
