using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Configuration;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Postgres;
using Orchestrator.Supabase;

namespace Orchestrator.Hosting;

/// <summary>
/// Chooses the fleet store: the database URL (PostgreSQL), else SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY
/// (Supabase REST); neither is a configuration problem. The choice is logged when the store is first
/// resolved, that is when a command starts its cycle. (The in-memory store belongs to <c>simulate</c> and the
/// tests; the service has no in-memory mode.)
/// </summary>
public static class StoreRegistration
{
    public static IServiceCollection AddFleetStore(this IServiceCollection services, OrchestratorConfig config, SettingsReader reader)
    {
        var choice = StoreChoice.For(config.Supabase);
        services.AddSingleton(choice);
        switch (choice.Store)
        {
            case StoreChoice.Postgres:
                services.AddSingleton<NpgsqlDataSource>(sp => FleetDataSource.Create(config.Supabase.DbConnectionString!.Reveal(), sp.GetRequiredService<ILoggerFactory>()));
                services.AddSingleton<NpgsqlFleetStore>();
                services.AddSingleton(sp => Service.WakeUpConnection.Create(sp.GetRequiredService<NpgsqlDataSource>(),
                    config.Supabase.DbConnectionString!.Reveal(), config.Supabase.ListenConnectionString?.Reveal()));
                services.AddSingleton<IFleetStore>(sp => Logged<NpgsqlFleetStore>(sp, choice));
                break;
            case StoreChoice.SupabaseRest:
                AddRestStore(services, SupabaseRestOptions.Read(reader, config.Supabase.Url!, config.Supabase.ServiceRoleKey!));
                services.AddSingleton<IFleetStore>(sp => Logged<SupabaseRestStore>(sp, choice));
                break;
            default:
                ReportMissing(config.Supabase, reader);
                break;
        }
        return services;
    }

    private static void AddRestStore(IServiceCollection services, SupabaseRestOptions options)
    {
        services.AddSingleton(options);
        services.AddHttpClient(SupabaseHttp.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddSingleton(sp => new SupabaseHttp(
            () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(SupabaseHttp.ClientName),
            options, sp.GetRequiredService<ILoggerFactory>().CreateLogger<SupabaseHttp>()));
        services.AddSingleton(sp => new SupabaseRestStore(sp.GetRequiredService<SupabaseHttp>(), sp.GetRequiredService<DemandOptions>(),
            sp.GetRequiredService<ILogger<SupabaseRestStore>>()));
    }

    private static T Logged<T>(IServiceProvider sp, StoreChoice choice)
        where T : notnull
    {
        var store = sp.GetRequiredService<T>();
        RestStoreLog.StoreSelected(sp.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Startup"), choice.Store, choice.Detail);
        return store;
    }

    private static void ReportMissing(SupabaseSettings supabase, SettingsReader reader)
    {
        if (supabase.Url is not null && supabase.ServiceRoleKey is null)
        {
            reader.Problem("SUPABASE_SERVICE_ROLE_KEY: SUPABASE_URL is set but the service key is not: set SUPABASE_SERVICE_ROLE_KEY (or set SUPABASE_DB_URL to use the database directly)");
        }
        else if (supabase.Url is null && supabase.ServiceRoleKey is not null)
        {
            reader.Problem("SUPABASE_URL: SUPABASE_SERVICE_ROLE_KEY is set but the project URL is not: set SUPABASE_URL (https://<project>.supabase.co)");
        }
        else
        {
            reader.Problem("SUPABASE_DB_URL: no store is configured: set SUPABASE_DB_URL (or DATABASE_URL) to the Postgres connection string, or SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY to use Supabase over HTTPS");
        }
    }
}
