using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Bootstrap;
using Orchestrator.Configuration;
using Orchestrator.Core.Ports;
using Orchestrator.Ssh;

namespace Orchestrator.Hosting;

/// <summary>Registers how a running pod is verified and its worker launched: over SSH.NET. Tests replace <see cref="IWorkerBootstrapper"/> after this.</summary>
public static class BootstrapRegistration
{
    public static IServiceCollection AddWorkerBootstrapper(this IServiceCollection services, OrchestratorConfig config, SettingsReader reader)
    {
        var ssh = SshOptionsReader.Read(reader, requireKey: true);
        if (ssh.LaunchCommand is { } template)
        {
            foreach (var problem in LaunchTemplate.Validate(template))
            {
                reader.Problem($"WORKER_LAUNCH_COMMAND: '{template}' {problem}");
            }
        }
        if (config.Supabase.Url is null || config.Supabase.ServiceRoleKey is null)
        {
            reader.Problem("SUPABASE_URL / SUPABASE_SERVICE_ROLE_KEY: both are needed to launch workers (they are handed to worker.py)");
            return services;
        }
        services.AddSingleton(ssh);
        services.AddSingleton(new WorkerSecrets(config.Supabase.Url, config.Supabase.ServiceRoleKey, config.Supabase.AnonKey));
        services.AddSingleton<SshPrivateKey>();
        // Host keys are pinned on the worker rows of whichever fleet store is in use (all three implement the pins).
        services.AddSingleton<IHostKeyPins>(sp => (IHostKeyPins)sp.GetRequiredService<IFleetStore>());
        services.AddSingleton<SshNetRemoteShell>();
        services.AddSingleton<IRemoteShell>(sp => sp.GetRequiredService<SshNetRemoteShell>());
        services.AddSingleton<ShellWorkerBootstrapper>();
        services.AddSingleton<IWorkerBootstrapper>(sp => sp.GetRequiredService<ShellWorkerBootstrapper>());
        return services;
    }
}
