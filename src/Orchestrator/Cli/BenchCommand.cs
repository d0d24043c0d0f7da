namespace Orchestrator.Cli;

/// <summary>
/// <c>bench &lt;subject&gt;</c>: measurements that print numbers and assert nothing. Each subject is one
/// line in <see cref="Subjects"/> with its handler in its own file.
/// </summary>
public static class BenchCommand
{
    public static IReadOnlyDictionary<string, Func<CommandContext, CancellationToken, Task<int>>> Subjects { get; } =
        new Dictionary<string, Func<CommandContext, CancellationToken, Task<int>>>(StringComparer.Ordinal)
        {
            ["store"] = StoreBenchmark.RunAsync,
            ["wakeup"] = WakeupBenchmark.RunAsync,
            ["bootstrap"] = BootstrapBenchCommand.RunAsync,
        };

    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var positional = context.Positional("--iterations", "--poll", "--ssh-port", "--pods", "--command-delay");
        var subject = positional.Count > 0 ? positional[0] : null;
        if (subject is null || !Subjects.TryGetValue(subject, out var run))
        {
            await context.Error.WriteLineAsync($"usage: bench <{string.Join("|", Subjects.Keys.Order(StringComparer.Ordinal))}> [--iterations N]").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        return await run(context, cancellationToken).ConfigureAwait(false);
    }
}
