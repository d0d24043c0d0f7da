using Microsoft.Extensions.Logging;
using Orchestrator.Core.Domain;
using Orchestrator.RunPod;
using Orchestrator.Tests.RunPod;
using Xunit;

namespace Orchestrator.Tests.Hostile;

/// <summary>
/// Issue 15 item 7: a RunPod that invents a new status word on every answer (or sends a megabyte-long one). Each pod still
/// reads as Unknown (dead to the lifecycle); the once-per-word log remembers a bounded number of words and cuts each.
/// </summary>
public sealed class UnknownStatusFloodTests
{
    [Fact]
    public void Ten_thousand_invented_words_are_logged_and_remembered_at_most_the_bound()
    {
        using var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var log = new UnknownStatusLog(factory.CreateLogger("test"));

        for (var i = 0; i < 10_000; i++)
        {
            var word = i == 0 ? new string('W', 1_000_000) : $"MOOD_{i}";
            var pods = log.Note([new PodInfo { Id = $"p{i}", Name = "gpu-x", Status = PodStatusMapper.Map(word, hasRuntime: true), ProviderStatus = word }]);
            Assert.Equal(PodStatus.Unknown, pods[0].Status);
        }

        Assert.Equal(UnknownStatusLog.MaxWords, log.Remembered);
        var lines = logs.Lines.Where(l => l.EventId == 3014).ToList();
        Assert.Equal(UnknownStatusLog.MaxWords, lines.Count);
        Assert.All(lines, l => Assert.True(l.Text.Length < 1_000, $"a line of {l.Text.Length} chars"));
    }
}
