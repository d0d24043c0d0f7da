using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.Simulation;

/// <summary>
/// RunPod on a virtual clock: a create tries the offers in order, each in the data centers that have it in stock
/// now (<see cref="SimulatedStock"/>; during outages most creates also miss), and answers no-capacity when none has; a pod boots after a cached or cold image pull (<see cref="SimulationProfile.DrawBoot"/>); a few never
/// expose SSH; billing runs from create to terminate at the offer's price. Idempotent create by name.
/// Draws come from streams keyed by the pod name, so the order of parallel calls does not matter.
/// </summary>
/// <param name="bidPerGpu">RUNPOD_BID_PER_GPU: a spot create gets the first type whose minimum bid is at most this (null: no spot).</param>
/// <param name="droughts">Windows of clustered interruptions and no spot stock.</param>
public sealed class SimulatedRunPod(
    TimeProvider time, DateTimeOffset start, int seed, SimulationProfile profile, IReadOnlyList<CapacityOutage> outages, string prefix,
    decimal? bidPerGpu = null, IReadOnlyList<SpotDrought>? droughts = null) : IGpuCloud
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimulatedPod> _pods = [];
    /// <summary>Live pods in creation order (the listing's order), so a step or a listing never walks every pod ever made.</summary>
    private readonly List<SimulatedPod> _live = [];
    private readonly SimulatedStock _stock = new(seed, profile);
    private readonly SimulatedStock _spotStock = new(seed, profile, "spot-stock");
    private readonly IReadOnlyList<SpotDrought> _droughts = droughts ?? [];
    private readonly Dictionary<(string DataCenter, string GpuType, bool Spot), int> _liveByCell = [];
    private decimal _closedCost;
    private int _next;

    /// <summary>Raised (under no lock of ours) when a live pod is terminated.</summary>
    public event Action<SimulatedPod>? Terminated;

    public int FailedCreates { get; private set; }

    public IReadOnlyList<SimulatedPod> AllPods { get { lock (_gate) { return [.. _pods.Values]; } } }

    public int LiveCount { get { lock (_gate) { return _live.Count; } } }

    public Task<PodCreateOutcome> CreatePodAsync(PodRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_live.Find(p => p.Name == request.WorkerId) is { } existing)
            {
                return Task.FromResult<PodCreateOutcome>(new PodCreateOutcome.Created(existing.View(now, Port(existing))));
            }
            var random = StableRandom.For(seed, request.WorkerId, 1);
            var factor = outages.Where(o => o.Covers(now - start)).Select(o => o.AvailabilityFactor).DefaultIfEmpty(1.0).Min();
            var missed = random.NextDouble() >= factor;
            if (request.Spot && SpotRefusal(now - start, missed) is { } refusal)
            {
                SpotRefusals++;
                return Task.FromResult<PodCreateOutcome>(new PodCreateOutcome.SpotUnavailable(refusal));
            }
            if (missed || Place(now - start, request.Spot) is not { } placed)
            {
                FailedCreates++;
                return Task.FromResult<PodCreateOutcome>(new PodCreateOutcome.NoCapacity("There are no longer any instances available with the requested specifications."));
            }
            var (boot, cached) = profile.DrawBoot(random);
            var gpuPrice = request.Spot ? profile.MinimumBid(placed.Offer) : placed.Offer.CostPerHour;
            var pod = new SimulatedPod
            {
                Id = $"sim{++_next:D5}",
                Name = request.WorkerId,
                Offer = placed.Offer,
                PricePerHour = gpuPrice + profile.DiskPerHour,
                DiskPerHour = profile.DiskPerHour,
                DataCenter = placed.DataCenter,
                ImageCached = cached,
                CreatedAt = now,
                ReadyAt = now + boot,
                NeverReachable = random.NextDouble() < profile.NeverReachable,
                Fault = FaultOf(request.WorkerId),
                Spot = request.Spot,
                InterruptAt = request.Spot ? InterruptionAt(now, StableRandom.For(seed, request.WorkerId, 4)) : null,
            };
            _pods[pod.Id] = pod;
            _live.Add(pod);
            _liveByCell[Cell(pod)] = _liveByCell.GetValueOrDefault(Cell(pod)) + 1;
            return Task.FromResult<PodCreateOutcome>(new PodCreateOutcome.Created(pod.View(now, Port(pod))));
        }
    }

    public Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PodInfo>>(_live
                .Where(p => WorkerIds.HasPrefix(p.Name, prefix))
                .Select(p => p.View(now, Port(p)))
                .ToList());
        }
    }

    public Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return Task.FromResult(_pods.TryGetValue(podId, out var pod) && pod.IsLive ? pod.View(now, Port(pod)) : null);
        }
    }

    public Task<TerminateOutcome> TerminatePodAsync(string podId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        SimulatedPod? pod;
        lock (_gate)
        {
            if (!_pods.TryGetValue(podId, out pod) || !pod.IsLive)
            {
                return Task.FromResult(TerminateOutcome.AlreadyGone);
            }
            pod.TerminatedAt = now;
            _live.Remove(pod);
            _liveByCell[Cell(pod)]--;
            _closedCost += Cost(pod, now);
        }
        Terminated?.Invoke(pod);
        return Task.FromResult(TerminateOutcome.Requested);
    }

    /// <summary>Dollars billed so far by every pod, live or gone.</summary>
    public decimal CostSoFar(DateTimeOffset now)
    {
        lock (_gate)
        {
            var cost = _closedCost;
            foreach (var pod in _live)
            {
                cost += Cost(pod, now);
            }
            return cost;
        }
    }

    /// <summary>The pod with this id, live or not, or null.</summary>
    public SimulatedPod? PodById(string podId)
    {
        lock (_gate)
        {
            return _pods.GetValueOrDefault(podId);
        }
    }

    /// <summary>
    /// The first offer, in order, that some data center has in stock now (spot: spot stock, and a minimum bid within
    /// the configured bid), and that data center (the one with most room first).
    /// </summary>
    private (GpuOffer Offer, string DataCenter)? Place(TimeSpan offset, bool spot)
    {
        var stock = spot ? _spotStock : _stock;
        foreach (var offer in profile.Offers.Where(o => !spot || profile.MinimumBid(o) <= bidPerGpu))
        {
            var best = profile.DataCenters
                .Select(dc => (DataCenter: dc, Room: stock.Room(dc, offer, offset, _liveByCell.GetValueOrDefault((dc, offer.GpuType, spot)))))
                .Where(c => c.Room > 0)
                .OrderByDescending(c => c.Room)
                .FirstOrDefault();
            if (best.DataCenter is not null)
            {
                return (offer, best.DataCenter);
            }
        }
        return null;
    }

    /// <summary>Why a spot create gets no spot pod (RunPod answers as the GraphQL API does), or null when one can be placed.</summary>
    private string? SpotRefusal(TimeSpan offset, bool missed)
    {
        var lowest = profile.Offers.Min(profile.MinimumBid);
        if (bidPerGpu is not { } bid || bid < lowest)
        {
            return $"Your bid per GPU ({bidPerGpu?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) is below the minimum bid of every requested GPU type (lowest {lowest.ToString(System.Globalization.CultureInfo.InvariantCulture)}).";
        }
        return missed || _droughts.Any(d => d.StockGone(offset)) || Place(offset, spot: true) is null
            ? "There are no longer any spot instances available with the requested specifications."
            : null;
    }

    /// <summary>
    /// When a spot pod created at <paramref name="at"/> is taken back: the first time its accumulated hazard (the base
    /// rate per pod-hour, times a drought's factor inside it) passes a unit exponential draw; null if never before the horizon.
    /// </summary>
    private DateTimeOffset? InterruptionAt(DateTimeOffset at, Random random)
    {
        var budget = -Math.Log(1.0 - random.NextDouble());
        var t = at - start;
        var horizon = t + TimeSpan.FromDays(7);
        while (t < horizon)
        {
            var drought = _droughts.FirstOrDefault(d => d.Covers(t));
            var rate = profile.SpotInterruptionsPerHour * (drought?.InterruptionFactor ?? 1.0);
            var boundary = drought?.End ?? _droughts.Where(d => d.Start > t).Select(d => d.Start).DefaultIfEmpty(horizon).Min();
            if (rate > 0 && budget <= rate * (boundary - t).TotalHours)
            {
                return start + t + TimeSpan.FromHours(budget / rate);
            }
            budget -= rate * (boundary - t).TotalHours;
            t = boundary;
        }
        return null;
    }

    private static (string, string, bool) Cell(SimulatedPod pod) => (pod.DataCenter, pod.Offer.GpuType, pod.Spot);

    /// <summary>Spot creates answered with <see cref="PodCreateOutcome.SpotUnavailable"/>.</summary>
    public int SpotRefusals { get; private set; }

    /// <summary>The pod's permanent fault, drawn from its own stream (the draw the bootstrap used to make).</summary>
    private SimulatedPodFault? FaultOf(string name)
    {
        var random = StableRandom.For(seed, name, 2);
        if (random.NextDouble() >= profile.BootstrapBroken || profile.BrokenPodFaults.Count == 0)
        {
            return null;
        }
        var faults = profile.BrokenPodFaults;
        return faults.Count == 1 ? faults[0] : faults[random.Next(faults.Count)];
    }

    private static decimal Cost(SimulatedPod pod, DateTimeOffset now) => pod.Cost(now);

    private static int Port(SimulatedPod pod) => 20000 + (int.Parse(pod.Id.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture) % 40000);
}
