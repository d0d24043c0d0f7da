using System.Diagnostics.Metrics;
using Orchestrator.Core.Ports;
using Orchestrator.RunPod;
using Xunit;

namespace Orchestrator.Tests.RunPod;

/// <summary>
/// Issue 13: createPod failures handled by RunPod's own table, against the strict REST v2 fake:
/// 422 configuration (errors logged, never retried), 400 next candidate whatever the wording (detail kept
/// for the audit), 402 stop and raise the balance metric, 403 skip the candidate, 5xx retry the same one.
/// </summary>
public sealed class CreateRefusalTests : IAsyncLifetime
{
    private RunPodHarness _h = null!;

    private FakeRunPodState Fake => _h.Fake;

    public async Task InitializeAsync() => _h = await RunPodHarness.StartAsync(rest: true);

    public async Task DisposeAsync()
    {
        _h.AssertNoSecretsLeaked();
        await _h.DisposeAsync();
    }

    private static PodRequest Worker(int n = 1) => new($"gpu-20260104_170000-0000000{n}");

    [Fact]
    public async Task A_422_is_a_configuration_error_with_RunPods_errors_in_the_log_and_never_retried()
    {
        Fake.RejectCreateMessage = "$.image: registry host not allowed";

        var rejected = Assert.IsType<PodCreateOutcome.Rejected>(await _h.NewCloud().CreatePodAsync(Worker(), default));

        Assert.Equal(ErrorKind.Configuration, rejected.Kind);
        Assert.Contains("$.image: registry host not allowed", rejected.Detail, StringComparison.Ordinal);
        Assert.Single(Fake.Requests, r => r.Operation == "create");
        Assert.Contains(_h.Logs.Lines, l => l.EventId == 3013 && l.Text.Contains("registry host not allowed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_400_moves_to_the_next_candidate_whatever_its_wording()
    {
        Fake.CapacityGpuTypes.Add("NVIDIA GeForce RTX 4090");

        var pod = Assert.IsType<PodCreateOutcome.Created>(await _h.NewCloud().CreatePodAsync(Worker(), default)).Pod;

        Assert.Equal("NVIDIA L40S", pod.GpuType);
        Assert.Equal(["NVIDIA GeForce RTX 4090", "NVIDIA GeForce RTX 4090", "NVIDIA L40S"], Fake.CreateAttempts.Select(a => a.Gpu));
        Assert.Contains(_h.Logs.Lines, l => l.EventId == 3002 && l.Text.Contains(FakeRunPodState.UnplaceableDetail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_nothing_can_be_placed_the_400_details_reach_the_outcome_for_the_audit()
    {
        Fake.CapacityGpuTypes.UnionWith(["NVIDIA GeForce RTX 4090", "NVIDIA L40S"]);

        var miss = Assert.IsType<PodCreateOutcome.NoCapacity>(await _h.NewCloud().CreatePodAsync(Worker(), default));

        Assert.Contains($"NVIDIA L40S@EU-NO-1 out of stock: HTTP 400: {FakeRunPodState.UnplaceableDetail}", miss.Detail, StringComparison.Ordinal);
        Assert.Equal(4, Fake.CreateAttempts.Count);
    }

    [Fact]
    public async Task A_402_stops_spawning_and_raises_the_balance_metric_until_a_create_succeeds()
    {
        Fake.InsufficientBalance = true;
        var cloud = _h.NewCloud();
        using var gauge = new GaugeReader(cloud.Metrics.Meter, "orchestrator_runpod_insufficient_balance");

        var rejected = Assert.IsType<PodCreateOutcome.Rejected>(await cloud.CreatePodAsync(Worker(1), default));

        Assert.Contains("insufficient RunPod balance", rejected.Detail, StringComparison.Ordinal);
        Assert.Single(Fake.Requests, r => r.Operation == "create"); // no other candidate tried
        Assert.Equal(1, gauge.Read());

        Fake.InsufficientBalance = false;
        Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(Worker(2), default));
        Assert.Equal(0, gauge.Read());
    }

    [Fact]
    public async Task A_403_skips_that_pool_and_keeps_going()
    {
        Fake.ForbiddenGpuTypes.Add("NVIDIA GeForce RTX 4090");

        var pod = Assert.IsType<PodCreateOutcome.Created>(await _h.NewCloud().CreatePodAsync(Worker(), default)).Pod;

        Assert.Equal("NVIDIA L40S", pod.GpuType);
        Assert.Contains(_h.Logs.Lines, l => l.EventId == 3009);
    }

    [Fact]
    public async Task A_403_from_every_pool_is_an_auth_refusal()
    {
        Fake.ForbiddenGpuTypes.UnionWith(["NVIDIA GeForce RTX 4090", "NVIDIA L40S"]);

        var rejected = Assert.IsType<PodCreateOutcome.Rejected>(await _h.NewCloud().CreatePodAsync(Worker(), default));

        Assert.Equal(ErrorKind.Auth, rejected.Kind);
        Assert.Contains("403 for every configured pool", rejected.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_recorded_data_center_is_the_one_RunPod_assigned()
    {
        Fake.AssignDataCenter = "EU-SE-1";

        var pod = Assert.IsType<PodCreateOutcome.Created>(await _h.NewCloud(o => o.StorageNames = []).CreatePodAsync(Worker(), default)).Pod;

        Assert.Equal("EU-SE-1", pod.DataCenter);
        Assert.Equal("EU-SE-1", (await _h.NewCloud().GetPodAsync(pod.Id, default))!.DataCenter);
    }

    /// <summary>Issue 12 item 6: RUNPOD read retries set to 0 used to retry once (<c>Math.Max(1, attempts)</c>).</summary>
    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 3)]
    public async Task Read_retries_mean_what_they_say(int retries, int calls)
    {
        var cloud = _h.NewCloud(o => o.ReadRetries = retries);
        for (var i = 0; i < 3; i++)
        {
            Fake.Fail(new FakeFault(FakeFaultKind.ServerError, "list"));
        }

        await Assert.ThrowsAsync<CloudException>(() => cloud.ListPodsAsync(default));

        Assert.Equal(calls, Fake.Requests.Count(r => r.Operation == "list"));
    }

    /// <summary>Reads an observable gauge of one meter instance.</summary>
    private sealed class GaugeReader : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _value = -1;

        public GaugeReader(Meter meter, string name)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, value, _, _) => _value = value);
            _listener.Start();
        }

        public int Read()
        {
            _listener.RecordObservableInstruments();
            return _value;
        }

        public void Dispose() => _listener.Dispose();
    }
}
