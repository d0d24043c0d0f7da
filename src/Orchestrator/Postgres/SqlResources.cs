using System.Reflection;

namespace Orchestrator.Postgres;

/// <summary>
/// SQL shipped inside the executable: the service's migrations (<c>Sql/NNN_name.sql</c>, applied in
/// file-name order) and the Reigh-shaped schema of <c>deploy/reigh-schema.sql</c> used by tests and
/// the benchmark.
/// </summary>
public static class SqlResources
{
    private const string MigrationPrefix = "Orchestrator.Sql.";
    private const string ReighSchemaName = "Orchestrator.Deploy.reigh-schema.sql";

    /// <summary>Every migration as (file name, SQL), ordered by file name (ordinal).</summary>
    public static IReadOnlyList<SqlMigration> Migrations()
    {
        var assembly = typeof(SqlResources).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(MigrationPrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => new SqlMigration(n[MigrationPrefix.Length..].TrimStart('_'), Read(assembly, n)))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The Reigh-shaped schema (users, projects, task_types, workers, tasks, system_logs and their functions).</summary>
    public static string ReighSchema() => Read(typeof(SqlResources).Assembly, ReighSchemaName);

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded SQL '{name}' is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
