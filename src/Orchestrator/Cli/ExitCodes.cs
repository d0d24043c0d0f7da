namespace Orchestrator.Cli;

/// <summary>Process exit codes.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The work failed (a job failed, a cycle could not read state, a check failed).</summary>
    public const int Failed = 1;
    /// <summary>Bad input or configuration; nothing was done.</summary>
    public const int BadInput = 2;
}
