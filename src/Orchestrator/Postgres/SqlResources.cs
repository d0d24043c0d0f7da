using System.Reflection;

namespace Orchestrator.Postgres;

/// <summary>
/// SQL shipped inside the executable: the service's migrations (<c>Sql/NNN_name.sql</c>, applied in
/// file-name order). The Reigh-shaped schema the tests load is embedded in the test-support project, not here.
/// </summary>
public static class SqlResources
{
    private const string MigrationPrefix = "Orchestrator.Sql.";

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

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded SQL '{name}' is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
