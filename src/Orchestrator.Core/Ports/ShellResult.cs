namespace Orchestrator.Core.Ports;

/// <summary>Output of a remote command.</summary>
public sealed record ShellResult(ShellStatus Status, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => Status == ShellStatus.Completed && ExitCode == 0;
}
