using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Ports;
using Orchestrator.Hosting;
using Orchestrator.Service;

namespace Orchestrator.Cli;

/// <summary>
/// <c>pause [--reason r] [--drain]</c> / <c>resume [--reason r]</c>: the kill switch in the database
/// (<c>orchestrator_control</c>), read by every replica each cycle. Paused: no new spawns; the existing
/// fleet is kept, or drained with <c>--drain</c>.
/// </summary>
public static class PauseCommand
{
    public static Task<int> PauseAsync(CommandContext context, CancellationToken cancellationToken) => SetAsync(context, paused: true, cancellationToken);

    public static Task<int> ResumeAsync(CommandContext context, CancellationToken cancellationToken) => SetAsync(context, paused: false, cancellationToken);

    private static async Task<int> SetAsync(CommandContext context, bool paused, CancellationToken cancellationToken)
    {
        await using var app = AppStartup.StartStoreOnly(context);
        if (app is null)
        {
            return ExitCodes.BadInput;
        }
        var reason = context.Option("--reason") ?? (paused ? "operator pause" : "operator resume");
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        try
        {
            await app.Services.GetRequiredService<IFleetStore>().SetPausedAsync(paused, reason, now, cancellationToken).ConfigureAwait(false);
        }
        catch (OrchestratorException ex)
        {
            await context.Error.WriteLineAsync($"{(paused ? "pause" : "resume")} failed ({ex.Kind}): {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        ServiceLog.OperatorPause(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Operator"), paused, reason);
        if (!paused)
        {
            await context.Out.WriteLineAsync($"resumed: spawning allowed again ({reason})").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        await context.Out.WriteLineAsync($"paused: no new spawns ({reason}); the existing fleet is {(context.Flag("--drain") ? "drained" : "kept (drain it with 'drain --all')")}").ConfigureAwait(false);
        return context.Flag("--drain")
            ? await DrainCommand.DrainAsync(app.Services, context, null, cancellationToken).ConfigureAwait(false)
            : ExitCodes.Ok;
    }
}
