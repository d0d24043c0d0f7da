namespace Orchestrator.Bootstrap;

/// <summary>One verification step's outcome: what was checked, whether it passed, and why not (a reason code).</summary>
public sealed record VerificationCheck(string Name, bool Passed, string? Reason, string Detail)
{
    public static VerificationCheck Pass(string name, string detail) => new(name, true, null, detail);

    public static VerificationCheck Fail(string name, string reason, string detail) => new(name, false, reason, detail);
}
