using System.Diagnostics.Metrics;

namespace Orchestrator.RunPod;

/// <summary>
/// The adapter's own instruments on a <see cref="System.Diagnostics.Metrics.Meter"/> named
/// <see cref="MeterName"/>, so any exporter that listens to .NET meters (prometheus-net's meter adapter,
/// OpenTelemetry) publishes them without this code knowing which. One instance per adapter.
/// </summary>
public sealed class RunPodMetrics : IDisposable
{
    public const string MeterName = "Orchestrator.RunPod";

    private readonly Counter<long> _refusals;
    private int _balanceBlocked;

    private readonly IRunPodCallObserver? _observer;

    /// <param name="observer">The service's metrics (prometheus-net), told of each refusal and of the balance state.</param>
    public RunPodMetrics(IRunPodCallObserver? observer = null)
    {
        _observer = observer;
        Meter = new Meter(MeterName);
        _refusals = Meter.CreateCounter<long>("orchestrator_runpod_create_refusals_total", description: "Create calls RunPod refused, by reason (contract, unplaceable, balance, forbidden, rate-limited, server-error, auth, invalid).");
        Meter.CreateObservableGauge("orchestrator_runpod_insufficient_balance", () => Volatile.Read(ref _balanceBlocked),
            description: "1 while RunPod answers creates with 402 (insufficient balance) and spawning is stopped: alert on it. 0 after the next successful create.");
    }

    public Meter Meter { get; }

    /// <summary>True while the last create answered 402.</summary>
    public bool BalanceBlocked => Volatile.Read(ref _balanceBlocked) == 1;

    public void Refused(CreateRefusal reason)
    {
        _refusals.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString().ToLowerInvariant()));
        if (reason == CreateRefusal.Balance)
        {
            Volatile.Write(ref _balanceBlocked, 1);
        }
        _observer?.OnCreateRefused(reason.ToString().ToLowerInvariant(), BalanceBlocked);
    }

    public void Created()
    {
        Volatile.Write(ref _balanceBlocked, 0);
        _observer?.OnCreated();
    }

    public void Dispose() => Meter.Dispose();
}
