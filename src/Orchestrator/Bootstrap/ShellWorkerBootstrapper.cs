using Orchestrator.Logging;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Ports;
using Orchestrator.Ssh;

namespace Orchestrator.Bootstrap;

/// <summary>
/// <see cref="IWorkerBootstrapper"/> over an <see cref="IRemoteShell"/>: one round trip verifies the pod
/// (volume, checkout, GPU, Python), a second launches the worker with its secrets on standard input (written to a
/// 0600 file on the pod, never on a command line). Both, and the liveness check and log tail, share the pod's one connection.
/// Every failure is an outcome with a reason code; remote output is scrubbed of the secrets first.
/// Idempotent: a pod whose worker already runs answers launched without starting another.
/// </summary>
public sealed class ShellWorkerBootstrapper(IRemoteShell shell, SshOptions options, WorkerSecrets secrets, ILogger<ShellWorkerBootstrapper> logger) : IWorkerBootstrapper
{
    private static readonly TimeSpan NvidiaTimeout = TimeSpan.FromSeconds(20);
    private readonly SecretRedactor _redactor = new(secrets.Values(), minimumLength: 4);
    private readonly LaunchTemplate _template = LaunchTemplate.Create(options.LaunchCommand, secrets.AnonKey is not null, options.Debug);

    public async Task<BootstrapOutcome> BootstrapAsync(BootstrapTarget target, CancellationToken cancellationToken)
    {
        var shellTarget = new ShellTarget(target.Endpoint.Host, target.Endpoint.Port, target.PodId);
        var metadata = new JsonObject { ["ssh_details"] = new JsonObject { ["ip"] = target.Endpoint.Host, ["port"] = target.Endpoint.Port } };
        var (report, failure) = await VerifyAsync(shellTarget, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            SshLog.VerificationFailed(logger, target.WorkerId, target.PodId, failure.Reason, failure.Detail ?? "");
            return WithError(failure, metadata);
        }
        foreach (var (key, value) in report!.ToMetadata())
        {
            metadata[key] = value?.DeepClone();
        }
        if (report.FirstFailure is { } check)
        {
            SshLog.VerificationFailed(logger, target.WorkerId, target.PodId, check.Reason!, check.Detail);
            return WithError(BootstrapOutcome.Failed(check.Reason!, check.Detail, retryable: false), metadata);
        }
        if (logger.IsEnabled(LogLevel.Information))
        {
            SshLog.Verified(logger, target.WorkerId, target.PodId, report.Gpus[0].Name, string.Join("; ", report.Checks.Select(c => c.Detail)));
        }
        return await LaunchAsync(target.WorkerId, shellTarget, metadata, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the verification; either a report (which may hold failed checks) or an SSH-level failure.</summary>
    public async Task<(VerificationReport? Report, BootstrapOutcome? Failure)> VerifyAsync(ShellTarget target, CancellationToken cancellationToken)
    {
        var script = VerificationScript.Build(options.VolumeMountPath, options.CheckoutDir, _template.EntryFile, NvidiaTimeout);
        var result = await shell.RunAsync(target, script, null, options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (ShellFailures.ToOutcome(result, _redactor) is { } failure)
        {
            return (null, failure);
        }
        if (result.ExitCode != 0)
        {
            return (null, BootstrapOutcome.Failed(BootstrapReasons.VerifyFailed, $"verification exited {result.ExitCode}: {Tail(result.StandardError, 400)}", retryable: false));
        }
        return (VerificationParser.Parse(result.StandardOutput, options.VolumeMountPath, options.CheckoutDir), null);
    }

    /// <summary>
    /// The last <paramref name="lines"/> lines of the worker's log on the pod, at most <see cref="LaunchScript.TailBytes"/> of
    /// them (a log of one 100 MB line must not cross the wire whole), secrets scrubbed.
    /// </summary>
    public async Task<ShellResult> TailLogAsync(ShellTarget target, string workerId, int lines, CancellationToken cancellationToken)
    {
        var log = ShellQuote.Quote(LaunchScript.LogPath(options.CheckoutDir, workerId));
        var command = $"if [ -f {log} ]; then tail -n {lines} {log} | tail -c {LaunchScript.TailBytes}; else echo \"no log at \"{log} >&2; exit 3; fi";
        var result = await shell.RunAsync(target, command, null, options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        return result with { StandardOutput = _redactor.Redact(result.StandardOutput), StandardError = _redactor.Redact(result.StandardError) };
    }

    /// <summary>
    /// Whether the worker's process still runs on the pod (its pid file names a live process tagged with the worker id).
    /// Null when the pod could not be asked (the result says why).
    /// </summary>
    public async Task<(bool? Alive, ShellResult Result)> IsAliveAsync(ShellTarget target, string workerId, CancellationToken cancellationToken)
    {
        var pid = ShellQuote.Quote($"{options.CheckoutDir}/logs/{workerId}.pid");
        var tag = ShellQuote.Quote(LaunchScript.Tag(workerId));
        var command = $"P=$(cat {pid} 2>/dev/null) && [ -n \"$P\" ] && kill -0 \"$P\" 2>/dev/null && tr '\\0' ' ' < /proc/$P/cmdline | grep -qF -- {tag} && echo alive || echo gone";
        var result = await shell.RunAsync(target, command, null, options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        return (result.Succeeded ? result.StandardOutput.Trim() == "alive" : null, result);
    }

    private async Task<BootstrapOutcome> LaunchAsync(string workerId, ShellTarget target, JsonObject metadata, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var settings = new LaunchSettings(options.CheckoutDir, options.GitBranch, options.GitPullTimeout, options.LaunchConfirmWait, options.LogTailLines);
        var timeout = options.CommandTimeout + options.GitPullTimeout + options.LaunchConfirmWait + TimeSpan.FromSeconds(40);
        var env = WorkerEnvFile.Render(secrets.Environment(workerId));
        var result = await shell.RunAsync(target, LaunchScript.Build(settings, workerId, _template), env, timeout, cancellationToken).ConfigureAwait(false);
        var outcome = ShellFailures.ToOutcome(result, _redactor) ?? Interpret(result, metadata);
        if (outcome.Succeeded)
        {
            SshLog.Launched(logger, workerId, target.PodId, metadata["worker_pid"]?.ToString() ?? "?", metadata["launch_status"]?.ToString() ?? "?", (long)clock.Elapsed.TotalMilliseconds);
            return outcome;
        }
        SshLog.LaunchFailed(logger, workerId, target.PodId, outcome.Reason, outcome.Detail ?? "");
        return WithError(outcome, metadata);
    }

    private BootstrapOutcome Interpret(ShellResult result, JsonObject metadata)
    {
        var output = _redactor.Redact(result.StandardOutput);
        var status = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("status=", StringComparison.Ordinal));
        if (result.ExitCode == 0 && status is not null && !status.StartsWith("status=died", StringComparison.Ordinal))
        {
            var parts = status.Split(' ');
            metadata["launch_status"] = parts[0]["status=".Length..];
            metadata["worker_pid"] = parts.FirstOrDefault(p => p.StartsWith("pid=", StringComparison.Ordinal))?["pid=".Length..];
            metadata["launched_by"] = "orchestrator-ssh";
            return BootstrapOutcome.Launched(metadata.ToJsonString());
        }
        if (result.ExitCode == LaunchScript.DiedExitCode)
        {
            var marker = output.IndexOf("--- log tail ---", StringComparison.Ordinal);
            var tail = marker < 0 ? "" : output[(marker + "--- log tail ---".Length)..].Trim();
            metadata["launch_log_tail"] = Tail(tail, 4000);
            return BootstrapOutcome.Failed(BootstrapReasons.LaunchDied,
                $"worker exited within {options.LaunchConfirmWait.TotalSeconds:0.#}s; log tail: {Tail(tail, 1000)}", retryable: false);
        }
        var said = Tail(output.Trim() + " " + _redactor.Redact(result.StandardError).Trim(), 600).Trim();
        return BootstrapOutcome.Failed(BootstrapReasons.LaunchFailed, $"launch exited {result.ExitCode}: {said}", retryable: false);
    }

    private static BootstrapOutcome WithError(BootstrapOutcome failure, JsonObject metadata)
    {
        metadata["bootstrap_error"] = new JsonObject { ["reason"] = failure.Reason, ["detail"] = failure.Detail };
        return failure with { MetadataJson = metadata.ToJsonString() };
    }

    private static string Tail(string text, int max) => text.Length <= max ? text : "…" + text[^max..];
}
