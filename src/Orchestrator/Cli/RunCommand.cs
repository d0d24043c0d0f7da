using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Postgres;
using Orchestrator.Core.Ports;
using Orchestrator.Service;
using Quartz;

namespace Orchestrator.Cli;

/// <summary>
/// <c>run</c>: the control cycle as a service (see <see cref="ServiceHost"/>) until SIGTERM/SIGINT; exit 0
/// after a clean stop, 2 on bad configuration, 1 when the service cannot start (for example the database
/// cannot be reached); 2 as well when the database lacks the service's migrations (run <c>migrate</c>).
/// </summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using var app = ServiceHost.Build(context); // the host, its Serilog logger and its listeners, on every path
        if (app is null)
        {
            return ExitCodes.BadInput;
        }
        if (await UnmigratedAsync(app, context, cancellationToken).ConfigureAwait(false) is { } exit)
        {
            return exit;
        }
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

    /// <summary>
    /// With a database, refuses to start on a schema that lacks the service's migrations: one line naming
    /// <c>migrate</c> and exit 2 (a restart loop cannot fix it), or exit 1 when the database cannot be reached.
    /// </summary>
    private static async Task<int?> UnmigratedAsync(ServiceHost app, CommandContext context, CancellationToken cancellationToken)
    {
        if (app.Services.GetService<NpgsqlDataSource>() is not { } dataSource)
        {
            return null;
        }
        try
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Migrate");
            var pending = await new SchemaMigrator(dataSource, logger).PendingAsync(cancellationToken).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                return null;
            }
            await context.Error.WriteLineAsync($"the database lacks {pending.Count} of the service's migrations ({string.Join(", ", pending)}): run 'orchestrator migrate' first (docker compose runs its 'migrate' service); nothing was started").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (StoreException ex)
        {
            await context.Error.WriteLineAsync($"the database cannot be read ({ex.Kind}): {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
