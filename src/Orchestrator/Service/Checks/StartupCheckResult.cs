namespace Orchestrator.Service.Checks;

/// <summary>The outcome of one <see cref="IStartupCheck"/>: passed or not, and a one-line detail without secrets.</summary>
public sealed record StartupCheckResult(bool Passed, string Detail)
{
    public static StartupCheckResult Pass(string detail) => new(true, detail);

    public static StartupCheckResult Fail(string detail) => new(false, detail);
}
