using Npgsql;
using Orchestrator.Core.Ports;
using Orchestrator.Service;
using Quartz;

namespace Orchestrator.Cli;

/// <summary>
/// <c>run</c>: the control cycle as a service (see <see cref="ServiceHost"/>) until SIGTERM/SIGINT; exit 0
/// after a clean stop, 2 on bad configuration, 1 when the service cannot start (for example the database
/// lacks the scheduler tables: run <c>migrate</c>).
/// </summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var app = ServiceHost.Build(context);
        if (app is null)
        {
            return ExitCodes.BadInput;
        }
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.RunAsync(cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is SchedulerException or NpgsqlException or OrchestratorException)
            {
                await context.Error.WriteLineAsync($"service failed: {ex.Message} (is the schema current? run 'orchestrator migrate')").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
        }
    }
}
