using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Orchestrator.Bootstrap;
using Orchestrator.Core.Ports;

namespace Orchestrator.Simulation;

/// <summary>
/// <see cref="IRemoteShell"/> onto the simulated pods, answering the real <see cref="ShellWorkerBootstrapper"/>'s
/// scripts as a pod would: a pod not up (or gone) refuses the connection, one that never became reachable times
/// out, an attempt may find SSH not up yet (refused, retryable); the verification prints the volume, checkout,
/// nvidia-smi and Python lines of the pod's <see cref="SimulatedPod.Fault"/>; the launch starts the worker process
/// (its first heartbeat after a model-load delay) and prints its pid, answers already-running for a live one,
/// or died with the log tail. Draws use the streams the bootstrap always used, so a seed replays the same.
/// </summary>
public sealed partial class SimulatedPodShell(TimeProvider time, int seed, SimulationProfile profile, SimulatedRunPod cloud, SimulatedWorkers workers, ILogger logger)
    : IRemoteShell
{
    /// <summary>The first pid a launch reports; each verification attempt adds one.</summary>
    public const int FirstPid = 4100;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _attempts = [];
    private readonly Dictionary<string, DateTimeOffset> _launchedAt = [];

    public Task<ShellResult> RunAsync(ShellTarget target, string command, string? standardInput, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var script = PodScript.Recognise(command);
        var result = Answer(target, script, standardInput, time.GetUtcNow());
        if (script.Kind == PodScriptKind.Unknown)
        {
            SimulationLog.ShellCommandUnknown(logger, target.PodId, command.Length);
        }
        if (logger.IsEnabled(LogLevel.Debug))
        {
            SimulationLog.ShellAnswered(logger, target.PodId, script.Kind.ToString(), result.Status.ToString(), result.ExitCode);
        }
        return Task.FromResult(result);
    }

    private ShellResult Answer(ShellTarget target, PodScript script, string? standardInput, DateTimeOffset now)
    {
        if (cloud.PodById(target.PodId) is not { } pod || !pod.IsUp(now) || now < pod.ReadyAt)
        {
            return Refused(target);
        }
        if (pod.NeverReachable)
        {
            return new ShellResult(ShellStatus.TimedOut, -1, "", $"ssh: connect to host {target.Host} port {target.Port}: Connection timed out");
        }
        if (script.Kind == PodScriptKind.Verification && NotUpYet(pod))
        {
            return Refused(target);
        }
        return script.Kind switch
        {
            PodScriptKind.Verification => Ran(0, SimulatedPodOutput.Verification(pod.Offer.GpuType, pod.Fault, script.Setting("C"))),
            PodScriptKind.Launch => Launch(pod, script, standardInput ?? "", now),
            PodScriptKind.LogTail => LogTail(script.Setting("LOG")),
            _ => new ShellResult(ShellStatus.Completed, 127, "", "sh: simulated pod: command not understood"),
        };
    }

    private ShellResult Launch(SimulatedPod pod, PodScript script, string environment, DateTimeOffset now)
    {
        var workerId = script.Setting("ID");
        if (workers.Running(workerId) is { } running)
        {
            return Ran(0, SimulatedPodOutput.AlreadyRunning(running.Pid));
        }
        lock (_gate)
        {
            _launchedAt[workerId] = now;
        }
        if (Unset(script.Command, environment) is { } missing)
        {
            return Ran(LaunchScript.DiedExitCode, SimulatedPodOutput.Died(now, $"launch: environment variable {missing} is not set"));
        }
        if (pod.Fault == SimulatedPodFault.LaunchDied)
        {
            return Ran(LaunchScript.DiedExitCode, SimulatedPodOutput.Died(now, SimulatedPodOutput.ModelLoadTraceback));
        }
        var attempt = Attempt(pod.Id);
        var random = Draw(pod.Name, attempt);
        random.NextDouble(); // the attempt's "SSH up?" draw, taken at verification
        var loaded = now + profile.DrawStart(random);
        var worker = workers.Launch(workerId, pod, loaded, FirstPid + attempt);
        return Ran(0, SimulatedPodOutput.Launched(worker.Pid));
    }

    private ShellResult LogTail(string path)
    {
        var workerId = Path.GetFileNameWithoutExtension(path);
        DateTimeOffset launched;
        lock (_gate)
        {
            if (!_launchedAt.TryGetValue(workerId, out launched))
            {
                return new ShellResult(ShellStatus.Completed, 3, "", $"no log at {path}");
            }
        }
        return Ran(0, SimulatedPodOutput.Log(launched, workerId, workers.Running(workerId)?.LastBeat is not null));
    }

    /// <summary>The first <c>${NAME}</c> of the launch's words that the env file on standard input does not set.</summary>
    private static string? Unset(string command, string environment)
    {
        var words = command.Split('\n').FirstOrDefault(l => l.StartsWith("set -- ", StringComparison.Ordinal)) ?? "";
        var set = environment.Split('\n').Select(l => l.Split('=', 2)[0]).ToHashSet(StringComparer.Ordinal);
        return Reference().Matches(words).Select(m => m.Groups[1].Value).FirstOrDefault(name => !set.Contains(name));
    }

    /// <summary>
    /// Counts the attempt and draws whether SSH is up yet. A broken pod's SSH is up from the start, so its
    /// fault shows on the first attempt (as before this shell, which keeps every seed's replay unchanged).
    /// </summary>
    private bool NotUpYet(SimulatedPod pod)
    {
        int attempt;
        lock (_gate)
        {
            attempt = _attempts[pod.Id] = _attempts.GetValueOrDefault(pod.Id) + 1;
        }
        return pod.Fault is null && Draw(pod.Name, attempt).NextDouble() < profile.BootstrapRetryable;
    }

    private int Attempt(string podId)
    {
        lock (_gate)
        {
            return _attempts.GetValueOrDefault(podId);
        }
    }

    private Random Draw(string name, int attempt) => StableRandom.For(seed, name, 10 + attempt);

    private static ShellResult Ran(int exitCode, string output) => new(ShellStatus.Completed, exitCode, output, "");

    private static ShellResult Refused(ShellTarget target) =>
        new(ShellStatus.ConnectFailed, 255, "", $"ssh: connect to host {target.Host} port {target.Port}: Connection refused");

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();
}
