namespace Orchestrator.TestSupport;

/// <summary>
/// <c>deploy/reigh-schema.sql</c> (users, projects, task_types, workers, tasks, system_logs and their functions),
/// embedded so the tests and the benchmarks load the same Reigh-shaped schema the compose stack does.
/// </summary>
public static class ReighSchema
{
    private const string ResourceName = "Orchestrator.TestSupport.reigh-schema.sql";

    public static string Sql()
    {
        using var stream = typeof(ReighSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded SQL '{ResourceName}' is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
