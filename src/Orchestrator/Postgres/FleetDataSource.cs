using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orchestrator.Postgres;

/// <summary>Builds the service's <see cref="NpgsqlDataSource"/> from the configured connection string.</summary>
public static class FleetDataSource
{
    public const string ApplicationName = "gpu-orchestrator";

    public static NpgsqlDataSource Create(string connectionString, ILoggerFactory? loggerFactory = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.ApplicationName))
        {
            builder.ConnectionStringBuilder.ApplicationName = ApplicationName;
        }
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }
        return builder.Build();
    }
}
