using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Cycle;
using Orchestrator.Hosting;

namespace Orchestrator.Cli;

/// <summary><c>once [--dry-run] [--json]</c>: one cycle; exit 1 when the state could not be read.</summary>
public static class OnceCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var json = context.Flag("--json");
        await using var app = AppStartup.Start(context, null, logsToStandardError: json);
        if (app is null)
        {
            return ExitCodes.BadInput;
        }
        var cycle = app.Services.GetRequiredService<ControlCycle>();
        var report = await cycle.RunOnceAsync(context.Flag("--dry-run"), cancellationToken).ConfigureAwait(false);
        // A create or terminate the cycle left in flight still ends, and records its outcome, before the process does.
        await cycle.DrainAsync(CancellationToken.None).ConfigureAwait(false);
        if (json)
        {
            await context.Out.WriteLineAsync(CycleReportJson.Render(report)).ConfigureAwait(false);
        }
        return report.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
