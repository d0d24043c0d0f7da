using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Bootstrap;
using Orchestrator.Configuration;
using Orchestrator.Core.Domain;
using Orchestrator.Ssh;

namespace Orchestrator.Cli;

/// <summary>
/// <c>bench bootstrap --ssh-port N [--pods 20] [--command-delay S]</c>: the thin entry to <see cref="BootstrapBenchmark"/>.
/// It needs a loopback sshd laid out as a pod (the service never starts one): the key, user and pod paths come from the
/// usual settings (RUNPOD_SSH_PRIVATE_KEY[_PATH], SSH_USER, RUNPOD_VOLUME_MOUNT_PATH, HEADLESS_WAN2GP_DIR).
/// tests/Orchestrator.Tests/Ssh/BootstrapBenchmarkTests.cs starts such an sshd and prints the same figures.
/// </summary>
public static class BootstrapBenchCommand
{
    private static readonly TimeSpan CreateLatency = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan BootTime = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (!int.TryParse(context.Option("--ssh-port"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            await context.Error.WriteLineAsync("usage: bench bootstrap --ssh-port N [--pods 20] [--command-delay S]: needs a loopback sshd laid out as a pod; "
                + "tests/Orchestrator.Tests/Ssh/BootstrapBenchmarkTests.cs starts one and prints the figures").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        var pods = int.TryParse(context.Option("--pods"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 20;
        var delay = double.TryParse(context.Option("--command-delay"), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? TimeSpan.FromSeconds(d) : TimeSpan.Zero;
        var reader = new SettingsReader(context.Configuration);
        var ssh = SshOptionsReader.Read(reader, requireKey: true) with { LaunchConfirmWait = TimeSpan.FromSeconds(1), GitPullTimeout = TimeSpan.Zero };
        if (reader.Problems.Count > 0)
        {
            await context.Error.WriteLineAsync(string.Join(Environment.NewLine, reader.Problems)).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        var secrets = new WorkerSecrets(new Uri("http://127.0.0.1:9"), new Secret("bench-service-role-key"), null);
        var result = await BootstrapBenchmark.RunAsync(new SshEndpoint("127.0.0.1", port), ssh, secrets, pods, CreateLatency, BootTime,
            NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
        await context.Out.WriteLineAsync(BootstrapBenchmark.Format(result, delay, CreateLatency, BootTime)).ConfigureAwait(false);
        return result.One.Launched == 1 && result.Burst.Launched == pods ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
