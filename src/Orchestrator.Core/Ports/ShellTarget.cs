namespace Orchestrator.Core.Ports;

/// <summary>Where to run a remote command. <see cref="PodId"/> keys the pinned host key.</summary>
public sealed record ShellTarget(string Host, int Port, string PodId);
