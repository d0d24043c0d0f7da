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
/// cannot be reached within <c>DB_STARTUP_WAIT_SEC</c>); 2 as well when the database lacks the service's
/// migrations (run <c>migrate</c>).
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
            var hint = StoreErrors.IsUnreachable(ex)
                ? "the database went away while the service started; a supervisor's restart will wait for it"
                : "is the schema current? run 'orchestrator migrate'";
            await context.Error.WriteLineAsync($"service failed: {ex.Message} ({hint})").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// With a database, refuses to start on a schema that lacks the service's migrations: one line naming
    /// <c>migrate</c> and exit 2 (a restart loop cannot fix it). A database that cannot be reached yet (refused,
    /// starting up, out of connections) is waited for with a warning per attempt, up to <c>DB_STARTUP_WAIT_SEC</c>,
    /// then exit 1; credentials it refuses or a missing database end at once, also with exit 1.
    /// </summary>
    private static async Task<int?> UnmigratedAsync(ServiceHost app, CommandContext context, CancellationToken cancellationToken)
    {
        if (app.Services.GetService<NpgsqlDataSource>() is not { } dataSource)
        {
            return null;
        }
        var logs = app.Services.GetRequiredService<ILoggerFactory>();
        var migrator = new SchemaMigrator(dataSource, logs.CreateLogger("Orchestrator.Migrate"));
        var serviceLogger = logs.CreateLogger("Orchestrator.Service");
        var time = app.Services.GetService<TimeProvider>() ?? TimeProvider.System;
        var giveUpAt = time.GetUtcNow() + app.Settings.DatabaseStartupWait;
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                var pending = await migrator.PendingAsync(cancellationToken).ConfigureAwait(false);
                if (pending.Count == 0)
                {
                    return null;
                }
                await context.Error.WriteLineAsync($"the database lacks {pending.Count} of the service's migrations ({string.Join(", ", pending)}): run 'orchestrator migrate' first (docker compose runs its 'migrate' service); nothing was started").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (StoreException ex) when (StoreErrors.IsUnreachable(ex) && time.GetUtcNow() + delay < giveUpAt)
            {
                ServiceLog.DatabaseWaiting(serviceLogger, ex.Message, (long)delay.TotalMilliseconds, (long)(giveUpAt - time.GetUtcNow()).TotalMilliseconds);
            }
            catch (StoreException ex)
            {
                var waited = StoreErrors.IsUnreachable(ex) && app.Settings.DatabaseStartupWait > TimeSpan.Zero
                    ? $" after waiting {app.Settings.DatabaseStartupWait.TotalSeconds:0} s (DB_STARTUP_WAIT_SEC)"
                    : "";
                await context.Error.WriteLineAsync($"the database cannot be read ({ex.Kind}){waited}: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await context.Error.WriteLineAsync("stopped while waiting for the database; nothing was started").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }
}
