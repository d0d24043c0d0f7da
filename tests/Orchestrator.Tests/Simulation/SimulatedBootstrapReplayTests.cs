using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Bootstrap;
using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Xunit;

namespace Orchestrator.Tests.Simulation;

/// <summary>A replay's bootstraps go through the real SSH bootstrapper: its facts and reason codes land on the worker rows.</summary>
public sealed class SimulatedBootstrapReplayTests
{
    [Fact]
    public async Task Worker_rows_carry_the_real_bootstrappers_facts_and_reason_codes()
    {
        var setup = ScenarioInvariantTests.Setup(seed: 4, "default") with
        {
            Profile = new SimulationProfile
            {
                BootstrapBroken = 0.5,
                BrokenPodFaults = [SimulatedPodFault.NvidiaSmiFailed, SimulatedPodFault.VolumeMissing, SimulatedPodFault.LaunchDied],
            },
        };
        var run = new SimulationRun(BuiltInScenarios.Create("steady", 4, TimeSpan.FromHours(6)), setup, NullLoggerFactory.Instance);

        var result = await run.RunAsync(CancellationToken.None);

        Assert.Equal(0, result.TasksUnfinished);
        var launched = run.Store.Workers.Where(w => w.LaunchedAt is not null).ToList();
        Assert.NotEmpty(launched);
        Assert.All(launched, w =>
        {
            Assert.Equal(w.GpuType, w.Metadata["gpu_name"]);
            Assert.Equal(SimulatedPodOutput.DriverVersion, w.Metadata["gpu_driver_version"]);
            Assert.Equal(SimulatedPodOutput.PythonVersion, w.Metadata["python_version"]);
            Assert.Equal("orchestrator-ssh", w.Metadata["launched_by"]);
            Assert.True(int.Parse(w.Metadata["worker_pid"], System.Globalization.CultureInfo.InvariantCulture) >= SimulatedPodShell.FirstPid);
        });
        var failures = run.Store.Workers.SelectMany(w => w.Outcomes).Where(o => o.Kind == OutcomeKind.BootFailed).Select(o => o.Reason).ToHashSet();
        Assert.Contains($"bootstrap-failed:{BootstrapReasons.NvidiaSmiFailed}", failures);
        Assert.Contains($"bootstrap-failed:{BootstrapReasons.VolumeMissing}", failures);
        Assert.Contains($"bootstrap-failed:{BootstrapReasons.LaunchDied}", failures);
        Assert.Contains(run.Store.Workers, w => w.Metadata.TryGetValue("launch_log_tail", out var tail) && tail.Contains("CUDA out of memory", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Store.Workers, w => w.Metadata.Values.Any(v => v.Contains(SimulatedBootstrap.Secrets.ServiceRoleKey.Reveal(), StringComparison.Ordinal)));
    }
}
