using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Bootstrap;
using Orchestrator.Core.Ports;
using Orchestrator.Hosting;
using Orchestrator.Ssh;

namespace Orchestrator.Cli;

/// <summary>
/// <c>workers ssh-check &lt;id&gt;</c> runs the pod verification and prints each result (exit 1 when one fails), then whether
/// the worker's process runs (information only);
/// <c>workers logs &lt;id&gt; [--lines N]</c> prints the tail of the worker's log on its pod. The id is a
/// worker id (the pod's name) or a pod id. Read-only: neither changes the worker's state.
/// </summary>
public static class WorkersSshCommand
{
    public static Task<int> CheckCommandAsync(CommandContext context, CancellationToken cancellationToken) => RunAsync(context, "ssh-check", cancellationToken);

    public static Task<int> LogsCommandAsync(CommandContext context, CancellationToken cancellationToken) => RunAsync(context, "logs", cancellationToken);

    private static async Task<int> RunAsync(CommandContext context, string verb, CancellationToken cancellationToken)
    {
        string[] words = [verb, context.Positional()[0]];
        await using var app = AppStartup.Start(context, null, logsToStandardError: true);
        if (app is null)
        {
            return ExitCodes.BadInput;
        }
        var bootstrapper = app.Services.GetRequiredService<ShellWorkerBootstrapper>();
        var target = await FindAsync(app.Services.GetRequiredService<IGpuCloud>(), words[1], context, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return ExitCodes.Failed;
        }
        return words[0] == "ssh-check"
            ? await CheckAsync(bootstrapper, target.Value, context, cancellationToken).ConfigureAwait(false)
            : await LogsAsync(bootstrapper, target.Value, app.Services.GetRequiredService<SshOptions>(), context, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(ShellTarget Target, string WorkerId)?> FindAsync(IGpuCloud cloud, string id, CommandContext context, CancellationToken cancellationToken)
    {
        var pods = await cloud.ListPodsAsync(cancellationToken).ConfigureAwait(false);
        var pod = pods.FirstOrDefault(p => p.Name == id && !p.IsGone) ?? pods.FirstOrDefault(p => p.Id == id);
        if (pod?.Ssh is null)
        {
            await context.Error.WriteLineAsync(pod is null ? $"no pod found for '{id}'" : $"pod {pod.Id} has no public SSH port (status {pod.Status})").ConfigureAwait(false);
            return null;
        }
        return (new ShellTarget(pod.Ssh.Host, pod.Ssh.Port, pod.Id), pod.Name);
    }

    private static async Task<int> CheckAsync(ShellWorkerBootstrapper bootstrapper, (ShellTarget Target, string WorkerId) pod, CommandContext context, CancellationToken cancellationToken)
    {
        var target = pod.Target;
        var (report, failure) = await bootstrapper.VerifyAsync(target, cancellationToken).ConfigureAwait(false);
        await context.Out.WriteLineAsync($"pod {target.PodId} at {target.Host}:{target.Port}").ConfigureAwait(false);
        if (failure is not null)
        {
            await context.Out.WriteLineAsync($"  FAIL ssh: {failure.Reason}: {failure.Detail}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        foreach (var check in report!.Checks)
        {
            var line = check.Passed ? $"  ok   {check.Name}: {check.Detail}" : $"  FAIL {check.Name}: {check.Reason}: {check.Detail}";
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }
        // Whether worker.py runs is information, not a verdict: a pod being bootstrapped has not launched it yet.
        var (alive, result) = await bootstrapper.IsAliveAsync(target, pod.WorkerId, cancellationToken).ConfigureAwait(false);
        var process = alive switch
        {
            true => $"running (its pid file names a live process tagged {pod.WorkerId})",
            false => "not running (never launched on this pod, or it exited: see 'workers logs')",
            null => $"could not be asked ({result.Status}, exit {result.ExitCode})",
        };
        await context.Out.WriteLineAsync($"  info worker process: {process}").ConfigureAwait(false);
        return report.Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static async Task<int> LogsAsync(ShellWorkerBootstrapper bootstrapper, (ShellTarget Target, string WorkerId) pod, SshOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        var lines = context.Value<int>("--lines") is > 0 and var given ? given : options.LogTailLines;
        var result = await bootstrapper.TailLogAsync(pod.Target, pod.WorkerId, lines, cancellationToken).ConfigureAwait(false);
        await context.Out.WriteAsync(result.StandardOutput).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            await context.Error.WriteLineAsync($"{result.Status} (exit {result.ExitCode}): {result.StandardError.Trim()}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        return ExitCodes.Ok;
    }
}
