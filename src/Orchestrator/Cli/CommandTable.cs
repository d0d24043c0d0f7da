namespace Orchestrator.Cli;

/// <summary>
/// Every command of the executable. Each area adds its line here; the handler lives in its own file.
/// </summary>
public static class CommandTable
{
    public static IReadOnlyDictionary<string, (string Usage, Func<CommandContext, CancellationToken, Task<int>> Run)> All { get; } =
        new Dictionary<string, (string, Func<CommandContext, CancellationToken, Task<int>>)>(StringComparer.Ordinal)
        {
            ["run"] = ("run                      run the control cycle as a service until SIGTERM (default)", RunCommand.RunAsync),
            ["workers"] = ("workers ssh-check|logs <id> verify a worker's pod over SSH / tail its worker log", WorkersSshCommand.RunAsync),
            ["once"] = ("once [--dry-run] [--json] run one cycle; --dry-run acts on nothing", OnceCommand.RunAsync),
            ["serverless"] = (Serverless.Commands.ServerlessCommand.Usage, Serverless.Commands.ServerlessCommand.RunAsync),
            ["generate"] = (Serverless.Commands.GenerateCommand.Usage, Serverless.Commands.GenerateCommand.RunAsync),
            ["migrate"] = ("migrate [--print]         create/upgrade the orchestrator_* tables, Quartz tables and task NOTIFY trigger; --print writes the SQL", MigrateCommand.RunAsync),
            ["pods"] = ("pods list | pods terminate <pod id|worker id> [--timeout SEC]  our RunPod pods; terminate polls until gone", PodsCommand.RunAsync),
            ["gpu-types"] = ("gpu-types [--community]  RunPod GPU types: id, name, memory, price, minimum bid, stock", GpuTypesCommand.RunAsync),
            ["healthcheck"] = ("healthcheck [--timeout S] exit 0 if /healthz on HEALTH_PORT answers 200 (container HEALTHCHECK)", HealthCheckCommand.RunAsync),
            ["simulate"] = (SimulateCommand.Usage, SimulateCommand.RunAsync),
            ["bench-policy"] = (BenchPolicyCommand.Usage, BenchPolicyCommand.RunAsync),
            ["status"] = ("status [--json]           the fleet now: kill switch, demand, workers (state, age, heartbeat, task, GPU, $/h)", StatusCommand.RunAsync),
            ["check"] = ("check                    validate configuration and reach every dependency; one line per check, exit 1 on failure", CheckCommand.RunAsync),
            ["drain"] = (DrainCommand.Usage, DrainCommand.RunAsync),
            ["pause"] = (PauseCommand.PauseUsage, PauseCommand.PauseAsync),
            ["resume"] = (PauseCommand.ResumeUsage, PauseCommand.ResumeAsync),
        };
}
