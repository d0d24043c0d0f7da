using System.Text;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Orchestrator.RunPod;
using Orchestrator.Tests.RunPod;
using Xunit;

namespace Orchestrator.Tests.Hostile;

/// <summary>
/// Issue 15 item 7: RunPod answers that are malformed, not UTF-8, the wrong shape or far too large. Each one fails the
/// read it belongs to (the cycle then decides nothing: fail closed), never crashes, never reads as "no pods", never
/// creates or terminates a pod; a body is never buffered past <see cref="AnswerBody.MaxBytes"/>; the next answer is read again.
/// </summary>
public sealed class RunPodHostileAnswerTests
{
    public static TheoryData<bool, string> Garbage()
    {
        var bodies = new[]
        {
            "trunc:{\"data\": {\"myself\": {\"pods\": [{\"id\": \"x\", ",
            "bytes:\u00ff\u00fe\u0000garbage",
            "deep:" + new string('[', 5_000),
            "root:[1, 2, 3]",
            "root:\"pods\"",
            "root:null",
            "shape:{\"data\": {\"myself\": {\"pods\": \"oops\"}}, \"pods\": {\"id\": 1}}",
        };
        var data = new TheoryData<bool, string>();
        foreach (var rest in new[] { false, true })
        {
            foreach (var body in bodies)
            {
                data.Add(rest, body);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task A_garbage_pod_list_fails_the_read_and_the_cycle_and_the_next_list_is_read_again(bool rest, string body)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        var ours = h.Fake.AddPod("gpu-20260104_165959-0000beef");
        var store = RunPodCycleTests.Store(h, tasks: 3);
        var cycle = RunPodCycleTests.NewCycle(h, store);
        for (var i = 0; i <= h.Options.ReadRetries; i++)
        {
            h.Fake.Fail(new FakeFault(FakeFaultKind.Body, "list") { Body = Bytes(body) });
        }

        var report = await cycle.RunOnceAsync(false, default);

        Assert.False(report.Succeeded);
        Assert.DoesNotContain(h.Fake.Requests, r => r.Operation is "create" or "terminate");
        Assert.Empty(store.Workers);
        var pods = await h.NewCloud().ListPodsAsync(default);
        Assert.Equal(ours.Id, Assert.Single(pods).Id);
        h.AssertNoSecretsLeaked();
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task A_100_MB_answer_is_cut_off_at_the_bound_not_buffered(bool rest, bool declared)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        var huge = new FakeFault(FakeFaultKind.HugeBody, "list") { Size = 100L * 1024 * 1024, DeclareLength = declared };
        // Neither an attempt timeout nor a hedge may end the huge answer before the bound does: on a loaded machine
        // streaming 16 MiB took past the harness's 0.8 s, and a retry or a hedge then read an empty list instead.
        var cloud = h.NewCloud(o => (o.ReadTimeout, o.ReadHedgeDelay) = (TimeSpan.FromSeconds(30), TimeSpan.Zero));
        await cloud.ListPodsAsync(default); // warm: the first call's one-off allocations are not the answer's
        h.Fake.Fail(huge);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var failure = await Assert.ThrowsAsync<CloudException>(() => cloud.ListPodsAsync(default));

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(ErrorKind.CloudApi, failure.Kind); // not retried: the same answer would come back
        Assert.Contains("too large", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, h.Fake.Requests.Count(r => r.Operation == "list"));
        // Read whole, the answer would cost over 300 MB (the bytes, then a UTF-16 string); bounded, at most the bound
        // (16 MiB, grown by doubling) plus what other tests running beside this one allocate meanwhile.
        Assert.True(allocated < 100L * 1024 * 1024, $"{allocated / 1024 / 1024} MB allocated while the 100 MB answer was refused");
        Assert.Empty(await cloud.ListPodsAsync(default)); // the next answer is read normally
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rows_not_ours_are_passed_over_and_a_row_of_ours_without_an_id_or_a_row_that_is_no_object_fails_closed(bool rest)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        var status = rest ? "status" : "desiredStatus";
        var rows = $$$"""
            [{}, {"name": "other-team-1"}, {"id": 7, "name": "other-team-2"},
             {"id": "p-other", "name": "other-team-3", "{{{status}}}": "RUNNING"},
             {"id": "p-odd", "name": "gpu-20260104_165959-0000beef", "{{{status}}}": "SUSPENDED_BY_MARS", "costPerHr": "cheap", "runtime": "yes", "machine": 5},
             {"id": "p-ours", "name": "gpu-20260104_165959-1111beef", "{{{status}}}": "RUNNING", "runtime": {"ports": "none", "uptimeInSeconds": 1e400}}]
            """;
        h.Fake.Fail(new FakeFault(FakeFaultKind.Body, "list") { Body = Bytes(ListBody(rest, rows)) });
        var cloud = h.NewCloud();

        var pods = await cloud.ListPodsAsync(default);

        Assert.Equal(["p-odd", "p-ours"], pods.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Equal(PodStatus.Unknown, pods.Single(p => p.Id == "p-odd").Status); // dead to the lifecycle: terminated, never trusted
        Assert.Null(pods.Single(p => p.Id == "p-ours").Ssh);

        foreach (var (broken, says) in new[] { ("""[{"name": "gpu-20260104_165959-2222beef"}]""", "without an id"), ("[null]", "not an object"), ("[42, {}]", "not an object") })
        {
            for (var i = 0; i <= h.Options.ReadRetries; i++)
            {
                h.Fake.Fail(new FakeFault(FakeFaultKind.Body, "list") { Body = Bytes(ListBody(rest, broken)) });
            }
            var failure = await Assert.ThrowsAsync<CloudException>(() => h.NewCloud().ListPodsAsync(default));
            Assert.Contains(says, failure.Message, StringComparison.Ordinal);
        }
    }

    private static string ListBody(bool rest, string rows) => rest ? "{\"pods\": " + rows + "}" : "{\"data\": {\"myself\": {\"pods\": " + rows + "}}}";

    /// <summary>"kind:payload" from the theory data; <c>bytes:</c> payloads are Latin-1 so \u00ff is the byte 0xFF (not UTF-8).</summary>
    private static byte[] Bytes(string body)
    {
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        var payload = colon >= 0 && body[..colon] is "trunc" or "bytes" or "deep" or "root" or "shape" ? body[(colon + 1)..] : body;
        return body.StartsWith("bytes:", StringComparison.Ordinal) ? Encoding.Latin1.GetBytes(payload) : Encoding.UTF8.GetBytes(payload);
    }
}
