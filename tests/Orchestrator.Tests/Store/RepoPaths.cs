namespace Orchestrator.Tests.Store;

/// <summary>Files of the repository the tests read (the deploy SQL).</summary>
public static class RepoPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("repository root (Orchestrator.sln) not found above " + AppContext.BaseDirectory);
        }
    }

    public static string ReighSchema => Path.Combine(Root, "deploy", "reigh-schema.sql");
}
