using System.Text.Json.Nodes;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;

namespace Orchestrator.Tests.RunPod;

/// <summary>
/// The fake RunPod account: pods, GPU catalog, network volumes, queued faults and every request seen.
/// Pods boot (runtime and ports appear) <see cref="BootDelay"/> after creation on <see cref="Clock"/>.
/// </summary>
public sealed class FakeRunPodState
{
    public const string CapacityMessage = "There are no longer any instances available with the requested specifications. Please refresh and try again.";

    /// <summary>REST v2's unplaceable wording is undocumented: the fake's matches no phrase the adapter could look for.</summary>
    public const string UnplaceableDetail = "Unable to rent the requested machine at this time.";

    private readonly Lock _gate = new();
    private readonly List<FakePod> _pods = [];
    private readonly Queue<FakeFault> _faults = new();
    private readonly List<FakeRequest> _requests = [];
    private int _next;

    public string ApiKey { get; init; } = "rp_test_key_7f3a9c2e51";
    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 4, 17, 0, 0, TimeSpan.Zero));
    public TimeSpan BootDelay { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan TimeoutDelay { get; set; } = TimeSpan.FromSeconds(5);
    public bool RuntimeNull { get; set; }
    public string? RejectCreateMessage { get; set; }
    public HashSet<string> CapacityGpuTypes { get; } = new(StringComparer.Ordinal);
    /// <summary>"gpu@dc" pairs that are out of stock.</summary>
    public HashSet<string> CapacityPlacements { get; } = new(StringComparer.Ordinal);
    public int TerminateLingerReads { get; set; } = 1;
    /// <summary>Every create answers 402 (REST) / a balance error (GraphQL).</summary>
    public bool InsufficientBalance { get; set; }
    /// <summary>GPU types the account cannot use (REST 403).</summary>
    public HashSet<string> ForbiddenGpuTypes { get; } = new(StringComparer.Ordinal);
    /// <summary>Where the scheduler puts pods not pinned by a volume (it may differ from the preferred one).</summary>
    public string? AssignDataCenter { get; set; }
    /// <summary>The public SSH port every new pod publishes (a real sshd in end-to-end tests); default 40000 + n.</summary>
    public int? SshPort { get; set; }
    /// <summary>New pods get no public IP: no <c>ssh.direct</c>, only a private port-22 entry.</summary>
    public bool WithoutPublicIp { get; set; }
    /// <summary>GPU types with no spot (interruptible) stock: <c>podRentInterruptable</c> answers RunPod's stockout message.</summary>
    public HashSet<string> NoSpotStock { get; } = new(StringComparer.Ordinal);

    public List<(string Id, string Name, int Memory, decimal Price, decimal Bid, string Stock)> GpuTypes { get; } =
    [
        ("NVIDIA GeForce RTX 4090", "RTX 4090", 24, 0.69m, 0.35m, "High"),
        ("NVIDIA L40S", "L40S", 48, 0.86m, 0.40m, "Medium"),
        ("NVIDIA RTX A6000", "RTX A6000", 48, 0.49m, 0.25m, "Low"),
    ];

    public List<(string Id, string Name, int Size, string Dc)> Volumes { get; } =
    [
        ("vol-peter", "Peter", 500, "EU-RO-1"),
        ("vol-no1", "EU-NO-1", 200, "EU-NO-1"),
        ("vol-cz1", "EU-CZ-1", 200, "EU-CZ-1"),
    ];

    /// <summary>Every create attempt that reached placement: (gpu, dc, memory).</summary>
    public List<(string Gpu, string? Dc, int Memory)> CreateAttempts { get; } = [];

    public IReadOnlyList<FakeRequest> Requests { get { lock (_gate) { return [.. _requests]; } } }

    /// <summary>Pods not terminated: what is billing.</summary>
    public IReadOnlyList<FakePod> LivePods { get { lock (_gate) { return [.. _pods.Where(p => !p.Terminated)]; } } }

    public void Fail(FakeFault fault) { lock (_gate) { _faults.Enqueue(fault); } }

    public void Record(FakeRequest request) { lock (_gate) { _requests.Add(request); } }

    public FakeFault? TakeFault(string operation)
    {
        lock (_gate)
        {
            if (_faults.Count > 0 && (_faults.Peek().Operation is null || _faults.Peek().Operation == operation))
            {
                return _faults.Dequeue();
            }
            return null;
        }
    }

    /// <summary>Creates a pod, or says why RunPod would not.</summary>
    /// <param name="bid">Spot: the <c>bidPerGpu</c> of a <c>podRentInterruptable</c> (null: on demand). Refused below the type's
    /// <c>minimumBidPrice</c>; a spot pod bills its bid and can be interrupted (<see cref="Interrupt"/>).</param>
    public (FakePod? Pod, string? Error, FakeRefusal Refusal) Create(string name, string gpu, string? volumeId, string? dc, int memory, JsonObject input,
        decimal? bid = null)
    {
        lock (_gate)
        {
            var type = GpuTypes.FirstOrDefault(t => t.Id == gpu);
            if (type.Id is null)
            {
                return (null, $"Invalid input: gpuTypeId '{gpu}' is not a valid GPU type", FakeRefusal.Invalid);
            }
            if (RejectCreateMessage is { } reject)
            {
                return (null, reject, FakeRefusal.Invalid);
            }
            if (InsufficientBalance)
            {
                return (null, "Insufficient balance to rent this pod.", FakeRefusal.Balance);
            }
            var volume = Volumes.FirstOrDefault(v => v.Id == volumeId);
            if (volumeId is not null && volume.Id is null)
            {
                return (null, $"Invalid input: network volume '{volumeId}' does not exist", FakeRefusal.Invalid);
            }
            var placeDc = volume.Id is null ? AssignDataCenter ?? dc ?? "US-TX-3" : volume.Dc;
            CreateAttempts.Add((gpu, placeDc, memory));
            if (ForbiddenGpuTypes.Contains(gpu))
            {
                return (null, $"Your account cannot use the {gpu} pool.", FakeRefusal.Forbidden);
            }
            if (bid is { } offered && offered < type.Bid)
            {
                return (null, $"Your bid of {offered}/hr is below the minimum bid price of {type.Bid}/hr for {gpu}.", FakeRefusal.Invalid);
            }
            if (CapacityGpuTypes.Contains(gpu) || CapacityPlacements.Contains($"{gpu}@{placeDc}") || (bid is not null && NoSpotStock.Contains(gpu)))
            {
                return (null, CapacityMessage, FakeRefusal.Unplaceable);
            }
            var pod = new FakePod
            {
                Id = $"fakepod{++_next:D4}x", Name = name, GpuTypeId = gpu, DataCenterId = placeDc, CostPerHr = type.Price,
                CreatedAt = Clock.GetUtcNow(), Input = (JsonObject)input.DeepClone(), PublicSshPort = SshPort ?? 40000 + _next, PublicIp = !WithoutPublicIp,
                Interruptible = bid is not null,
            };
            if (bid is { } price)
            {
                pod.CostPerHr = price;
            }
            _pods.Add(pod);
            return (pod, null, FakeRefusal.None);
        }
    }

    /// <summary>Moves a pod to a status word on command (ERROR, EXITED on v2; DEAD, EXITED, PAUSED on GraphQL; or any future word).</summary>
    public void SetStatus(string podId, string status)
    {
        lock (_gate)
        {
            (_pods.FirstOrDefault(p => p.Id == podId) ?? throw new KeyNotFoundException(podId)).DesiredStatus = status;
        }
    }

    /// <summary>
    /// RunPod takes a spot pod back (outbid or reclaimed): it stops, <c>desiredStatus</c> EXITED, and keeps its disk (and
    /// its storage bill) until terminated. Only an interruptible pod that runs can be interrupted.
    /// </summary>
    public void Interrupt(string podId)
    {
        lock (_gate)
        {
            var pod = _pods.FirstOrDefault(p => p.Id == podId) ?? throw new KeyNotFoundException(podId);
            if (!pod.Interruptible || pod.Terminated || pod.DesiredStatus != "RUNNING")
            {
                throw new InvalidOperationException($"pod {podId} is not a running spot pod ({pod.DesiredStatus}, interruptible {pod.Interruptible})");
            }
            pod.DesiredStatus = "EXITED";
        }
    }

    /// <summary>Pods a list call shows: terminated ones linger for a few reads, then vanish.</summary>
    public IReadOnlyList<FakePod> Listed()
    {
        lock (_gate)
        {
            foreach (var gone in _pods.Where(p => p.Terminated).ToList())
            {
                if (gone.LingerReads-- <= 0)
                {
                    _pods.Remove(gone);
                }
            }
            return [.. _pods];
        }
    }

    public FakePod? Find(string id) { lock (_gate) { return _pods.FirstOrDefault(p => p.Id == id); } }

    /// <summary>False when the pod is unknown or already terminated (RunPod answers "not found").</summary>
    public bool Terminate(string id)
    {
        lock (_gate)
        {
            var pod = _pods.FirstOrDefault(p => p.Id == id);
            if (pod is null || pod.Terminated)
            {
                return false;
            }
            pod.Terminated = true;
            pod.DesiredStatus = "TERMINATED";
            pod.LingerReads = TerminateLingerReads;
            return true;
        }
    }

    /// <summary>A pod another system made (not through the adapter).</summary>
    public FakePod AddPod(string name, string status = "RUNNING")
    {
        lock (_gate)
        {
            var pod = new FakePod
            {
                Id = $"fakepod{++_next:D4}x", Name = name, GpuTypeId = "NVIDIA GeForce RTX 4090", CostPerHr = 0.69m,
                CreatedAt = Clock.GetUtcNow() - BootDelay, Input = [], DesiredStatus = status, PublicSshPort = SshPort ?? 40000 + _next,
            };
            _pods.Add(pod);
            return pod;
        }
    }

    public bool IsBooted(FakePod pod) => !RuntimeNull && pod.DesiredStatus == "RUNNING" && Clock.GetUtcNow() - pod.CreatedAt >= BootDelay;

    public int UptimeSeconds(FakePod pod) => (int)Math.Max(0, (Clock.GetUtcNow() - pod.CreatedAt - BootDelay).TotalSeconds);
}
