using Microsoft.Extensions.Logging;
using Orchestrator.Bootstrap;
using Orchestrator.Configuration;
using Orchestrator.Core.Ports;
using Orchestrator.Ssh;

namespace Orchestrator.Simulation;

/// <summary>
/// The service's own <see cref="ShellWorkerBootstrapper"/> for a replay, over a simulated shell. Its settings are
/// the production defaults with harmless stand-ins: no private key (the simulated shell opens no connection), and made-up Supabase credentials that only travel in the simulated launch's
/// standard input.
/// </summary>
public static class SimulatedBootstrap
{
    public static SshOptions Options { get; } = new();

    public static WorkerSecrets Secrets { get; } = new(new Uri("https://simulated.supabase.invalid"), new Secret("simulated-service-role-key"), null);

    public static ShellWorkerBootstrapper Create(IRemoteShell shell, ILoggerFactory logs) =>
        new(shell, Options, Secrets, logs.CreateLogger<ShellWorkerBootstrapper>());
}
