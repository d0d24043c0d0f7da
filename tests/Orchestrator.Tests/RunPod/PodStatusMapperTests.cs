using System.Text.RegularExpressions;
using Orchestrator.Core.Domain;
using Orchestrator.RunPod;
using Orchestrator.Tests.Observability;
using Xunit;

namespace Orchestrator.Tests.RunPod;

/// <summary>Every RunPod status word has a decision; the reference's lists of statuses are all known.</summary>
public sealed partial class PodStatusMapperTests
{
    [Theory]
    [InlineData("CREATED", true, PodStatus.Provisioning, false)]
    [InlineData("PROVISIONING", false, PodStatus.Provisioning, false)]
    [InlineData("STARTING", true, PodStatus.Provisioning, false)]
    [InlineData("RESTARTING", false, PodStatus.Provisioning, false)]
    [InlineData("RUNNING", false, PodStatus.Provisioning, false)]
    [InlineData("RUNNING", true, PodStatus.Running, false)]
    [InlineData("running", true, PodStatus.Running, false)]
    [InlineData("EXITED", true, PodStatus.Exited, true)]
    [InlineData("PAUSED", false, PodStatus.Exited, true)]
    [InlineData("ERROR", false, PodStatus.Failed, true)]
    [InlineData("DEAD", false, PodStatus.Failed, true)]
    [InlineData("TERMINATED", false, PodStatus.Terminated, true)]
    [InlineData("HIBERNATING", true, PodStatus.Unknown, true)]
    [InlineData(null, false, PodStatus.Provisioning, false)]
    public void Each_word_maps_to_a_status_with_a_decision(string? word, bool hasRuntime, PodStatus status, bool dead)
    {
        var mapped = PodStatusMapper.Map(word, hasRuntime);
        var pod = new PodInfo { Id = "p", Name = "n", Status = mapped, ProviderStatus = word };

        Assert.Equal(status, mapped);
        Assert.Equal(dead, pod.IsDead);
        Assert.Equal(status == PodStatus.Terminated, pod.IsGone); // ERROR/DEAD still exist and bill: never "gone"
    }

    [Fact]
    public void Every_status_the_reference_names_is_known()
    {
        var facts = RepoFiles.Read(Contract.RestV2Contract.File);
        var rest = Words(facts[facts.IndexOf("`status` is one of", StringComparison.Ordinal)..facts.IndexOf("(permanently deleted)", StringComparison.Ordinal)]);
        var graphQl = Words(facts[facts.IndexOf("## GraphQL statuses", StringComparison.Ordinal)..facts.IndexOf("`DEAD` is a pod", StringComparison.Ordinal)]);

        Assert.Equal(["ERROR", "EXITED", "PROVISIONING", "RUNNING", "STARTING", "TERMINATED"], rest.Order(StringComparer.Ordinal));
        Assert.Equal(["CREATED", "DEAD", "EXITED", "PAUSED", "RESTARTING", "RUNNING", "TERMINATED"], graphQl.Order(StringComparer.Ordinal));
        Assert.All(rest.Concat(graphQl), w => Assert.True(PodStatusMapper.Known.ContainsKey(w), w));
        Assert.Equal(rest.Union(graphQl).Order(StringComparer.Ordinal), PodStatusMapper.Known.Keys.Order(StringComparer.Ordinal));
    }

    private static HashSet<string> Words(string text) => [.. StatusWord().Matches(text).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("`([A-Z]{4,})`")]
    private static partial Regex StatusWord();
}
