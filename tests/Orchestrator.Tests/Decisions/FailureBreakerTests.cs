using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Xunit;
using static Orchestrator.Tests.Decisions.Workers;

namespace Orchestrator.Tests.Decisions;

public sealed class FailureBreakerTests
{
    private static readonly BreakerOptions Options = new() { MaxFailureRate = 0.8, MinSamples = 5, Window = TimeSpan.FromMinutes(30), ProbeAfter = TimeSpan.FromMinutes(5) };

    private static List<WorkerOutcome> Outcomes(int failures, int successes, TimeSpan ago) =>
        Enumerable.Range(0, failures).Select(i => new WorkerOutcome($"f{i}", OutcomeKind.BootFailed, T0 - ago))
            .Concat(Enumerable.Range(0, successes).Select(i => new WorkerOutcome($"s{i}", OutcomeKind.BootSucceeded, T0 - ago - TimeSpan.FromSeconds(1))))
            .ToList();

    [Theory]
    [InlineData(4, 0, BreakerStatus.Closed)]  // too few samples
    [InlineData(8, 2, BreakerStatus.Closed)]  // exactly 80%: within the limit
    [InlineData(9, 1, BreakerStatus.Open)]
    [InlineData(5, 0, BreakerStatus.Open)]
    public void Opens_above_the_rate_with_enough_samples(int failures, int successes, BreakerStatus expected)
    {
        Assert.Equal(expected, FailureBreaker.Evaluate(Outcomes(failures, successes, TimeSpan.FromMinutes(1)), Options, T0).Status);
    }

    /// <summary>Incident 7b77d74: 990+ workers were spawned and failed because nothing stopped a broken configuration.</summary>
    [Fact]
    public void Incident_7b77d74_a_broken_boot_stops_spawning_and_probes_half_open_later()
    {
        var outcomes = Outcomes(6, 0, TimeSpan.FromMinutes(1));
        Assert.Equal(BreakerStatus.Open, FailureBreaker.Evaluate(outcomes, Options, T0).Status);
        Assert.Equal(BreakerStatus.HalfOpen, FailureBreaker.Evaluate(outcomes, Options, T0 + TimeSpan.FromMinutes(5)).Status);
        var probeBooted = outcomes.Append(new WorkerOutcome("probe", OutcomeKind.BootSucceeded, T0 + TimeSpan.FromMinutes(8))).ToList();
        Assert.Equal(BreakerStatus.Closed, FailureBreaker.Evaluate(probeBooted, Options, T0 + TimeSpan.FromMinutes(9)).Status);
    }

    [Fact]
    public void Outcomes_outside_the_window_are_forgotten()
    {
        Assert.Equal(BreakerStatus.Closed, FailureBreaker.Evaluate(Outcomes(9, 0, TimeSpan.FromMinutes(31)), Options, T0).Status);
    }
}
