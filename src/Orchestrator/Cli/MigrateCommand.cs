using Microsoft.Extensions.Logging;
using Orchestrator.Configuration;
using Orchestrator.Core.Ports;
using Orchestrator.Logging;
using Orchestrator.Postgres;

namespace Orchestrator.Cli;

/// <summary>
/// <c>migrate [--print]</c>: applies the service's own tables (<c>orchestrator_*</c>) to the database of
/// SUPABASE_DB_URL / DATABASE_URL; <c>--print</c> writes the SQL to stdout and touches no database.
/// </summary>
public static class MigrateCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Flag("--print"))
        {
            await context.Out.WriteAsync(SchemaMigrator.Script()).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        var reader = new SettingsReader(context.Configuration);
        var supabase = SupabaseSettings.Read(reader);
        var logging = LoggingSettings.Read(reader);
        if (supabase.DbConnectionString is null && reader.Problems.Count == 0)
        {
            reader.Problem("SUPABASE_DB_URL: migrate needs a database: set SUPABASE_DB_URL (or DATABASE_URL), or use --print");
        }
        if (reader.Problems.Count > 0)
        {
            await context.Error.WriteLineAsync($"configuration has {reader.Problems.Count} problem(s); nothing was done:").ConfigureAwait(false);
            foreach (var problem in reader.Problems)
            {
                await context.Error.WriteLineAsync($"  - {problem}").ConfigureAwait(false);
            }
            return ExitCodes.BadInput;
        }
        await using var serilog = LoggingSetup.CreateSerilog(logging, toStandardError: true);
        using var factory = LoggingSetup.CreateFactory(serilog);
        await using var dataSource = FleetDataSource.Create(supabase.DbConnectionString!.Reveal());
        try
        {
            var applied = await new SchemaMigrator(dataSource, factory.CreateLogger("Orchestrator.Migrate")).MigrateAsync(cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(applied.Count == 0 ? "schema up to date" : $"applied: {string.Join(", ", applied)}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (StoreException ex)
        {
            await context.Error.WriteLineAsync($"migrate failed ({ex.Kind}): {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
