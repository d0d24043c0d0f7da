using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Xunit;

namespace Orchestrator.Tests.Spot;

/// <summary>The per-create capacity decision, pure: mode, floor, refusal fallback, interruption threshold.</summary>
public sealed class CapacityChoiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static WorkerView Worker(string id, bool spot) =>
        new() { Id = id, State = WorkerState.Active, StateSince = Now, CreatedAt = Now, Spot = spot };

    private static List<WorkerOutcome> Interruptions(int n, TimeSpan ago) =>
        [.. Enumerable.Range(0, n).Select(i => new WorkerOutcome($"s{i}", OutcomeKind.Interrupted, Now - ago))];

    [Theory]
    // mode, live on-demand, live spot, floor, to create -> spot pods (in order: on demand first)
    [InlineData(SpotMode.Off, 0, 0, 2, 4, "0000")]
    [InlineData(SpotMode.Always, 0, 0, 2, 3, "111")]
    [InlineData(SpotMode.Mixed, 0, 0, 2, 4, "0011")]
    [InlineData(SpotMode.Mixed, 1, 3, 2, 2, "01")]
    [InlineData(SpotMode.Mixed, 2, 0, 2, 3, "111")]
    [InlineData(SpotMode.Mixed, 0, 5, 3, 2, "00")]
    [InlineData(SpotMode.Mixed, 0, 0, 0, 2, "11")]
    public void Mixed_keeps_the_floor_on_demand_and_rents_the_burst_as_spot(SpotMode mode, int onDemand, int spot, int floor, int count, string expected)
    {
        var live = Enumerable.Range(0, onDemand).Select(i => Worker($"od{i}", false)).Concat(Enumerable.Range(0, spot).Select(i => Worker($"sp{i}", true))).ToList();

        var choice = CapacityChoice.Choose(count, live, floor, new SpotOptions { Mode = mode }, [], null, Now);

        Assert.Equal(expected, string.Concat(choice.Spot.Select(s => s ? '1' : '0')));
    }

    [Fact]
    public void A_recent_refusal_rents_on_demand_until_the_fallback_ends()
    {
        var options = new SpotOptions { Mode = SpotMode.Always };

        var during = CapacityChoice.Choose(2, [], 0, options, [], Now.AddMinutes(5), Now);
        var after = CapacityChoice.Choose(2, [], 0, options, [], Now.AddMinutes(-1), Now);

        Assert.All(during.Spot, Assert.False);
        Assert.Contains("refused", during.Reason, StringComparison.Ordinal);
        Assert.All(after.Spot, Assert.True);
    }

    [Theory]
    [InlineData(2, 30, true)]   // below the threshold of 3
    [InlineData(3, 30, false)]  // at it: on demand
    [InlineData(5, 61, true)]   // older than an hour: forgotten
    public void Interruptions_at_the_hourly_threshold_switch_to_on_demand(int interruptions, int minutesAgo, bool spotExpected)
    {
        var options = new SpotOptions { Mode = SpotMode.Mixed, MaxInterruptionsPerHour = 3 };

        var choice = CapacityChoice.Choose(2, [], 0, options, Interruptions(interruptions, TimeSpan.FromMinutes(minutesAgo)), null, Now);

        Assert.All(choice.Spot, s => Assert.Equal(spotExpected, s));
    }

    [Fact]
    public void Interruptions_never_trip_the_failure_breaker()
    {
        var breaker = new BreakerOptions { MinSamples = 5, MaxFailureRate = 0.5 };

        var state = FailureBreaker.Evaluate(Interruptions(20, TimeSpan.FromMinutes(1)), breaker, Now);

        Assert.Equal(BreakerStatus.Closed, state.Status);
        Assert.Equal(0, state.Failures);
    }
}
