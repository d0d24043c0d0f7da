using Orchestrator.Tests.Observability;
using Xunit;

namespace Orchestrator.Tests.Reliability;

/// <summary>Issue 15 item 8: the chaos suite is part of the solution and its short form runs in CI after the tests, before CI's closing summary line.</summary>
public sealed class ChaosSuiteWiringTests
{
    [Fact]
    public void Ci_runs_the_short_chaos_suite_after_the_tests_and_keeps_the_summary_last()
    {
        var ci = RepoFiles.Read(".ci/run");
        var tests = ci.IndexOf("./scripts/test.sh", StringComparison.Ordinal);
        var chaos = ci.IndexOf("./scripts/chaos.sh --short", StringComparison.Ordinal);
        var summary = ci.LastIndexOf("cat \"$TEST_SUMMARY_FILE\"", StringComparison.Ordinal);

        Assert.True(tests > 0 && chaos > tests && summary > chaos, "chaos.sh --short must follow the test command and precede the summary line");
        Assert.Equal("cat \"$TEST_SUMMARY_FILE\"", ci.TrimEnd().Split('\n')[^1]);
        Assert.Contains("tests/Orchestrator.Chaos/Orchestrator.Chaos.csproj", RepoFiles.Read("Orchestrator.sln").Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Contains("Orchestrator.Chaos.dll", RepoFiles.Read("scripts/chaos.sh"), StringComparison.Ordinal);
    }
}
