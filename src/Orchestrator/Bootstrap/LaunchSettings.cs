namespace Orchestrator.Bootstrap;

/// <summary>The pod-side settings of a launch.</summary>
public sealed record LaunchSettings(string CheckoutDir, string GitBranch, TimeSpan GitPullTimeout, TimeSpan ConfirmWait, int TailLines);
