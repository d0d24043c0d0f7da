namespace Orchestrator.Cli;

/// <summary>
/// Every command of the executable. Each area adds its line here; the handler lives in its own file.
/// </summary>
public static class CommandTable
{
    public static IReadOnlyDictionary<string, (string Usage, Func<CommandContext, CancellationToken, Task<int>> Run)> All { get; } =
        new Dictionary<string, (string, Func<CommandContext, CancellationToken, Task<int>>)>(StringComparer.Ordinal)
        {
            ["run"] = ("run                      run the control cycle continuously (default)", RunCommand.RunAsync),
            ["once"] = ("once [--dry-run] [--json] run one cycle; --dry-run acts on nothing", OnceCommand.RunAsync),
            ["simulate"] = (SimulateCommand.Usage, SimulateCommand.RunAsync),
            ["bench-policy"] = (BenchPolicyCommand.Usage, BenchPolicyCommand.RunAsync),
        };
}
