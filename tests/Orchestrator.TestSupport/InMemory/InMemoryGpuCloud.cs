using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.TestSupport;

/// <summary>
/// A GPU cloud in memory for tests: pods appear <see cref="PodStatus.Provisioning"/> and move only when
/// a test says so (<see cref="SetStatus(string, PodStatus)"/>). Idempotent create by name, like the real adapter.
/// </summary>
public sealed class InMemoryGpuCloud(string prefix = "gpu-") : IGpuCloud
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PodInfo> _pods = [];
    private int _next;

    public decimal CostPerHour { get; set; } = 0.69m;
    public string GpuType { get; set; } = "NVIDIA GeForce RTX 4090";
    /// <summary>While false every create answers <see cref="PodCreateOutcome.NoCapacity"/>.</summary>
    public bool HasCapacity { get; set; } = true;
    /// <summary>Set to make the next list call throw a transient error.</summary>
    public bool FailNextList { get; set; }
    /// <summary>Set to make the next create succeed on the cloud but throw before answering (a lost answer).</summary>
    public bool LoseNextCreateAnswer { get; set; }
    /// <summary>Set to make the next create fail without creating anything (a timeout, or 5xx to the end, as the adapter reports it).</summary>
    public bool FailNextCreate { get; set; }

    /// <summary>While set, creates wait for it before acting (each counted in <see cref="CreateCalls"/> at once): a call hanging on the wire until the test releases it.</summary>
    public TaskCompletionSource? HoldCreates { get; set; }
    /// <summary>While set, terminates wait for it before acting (each is listed in <see cref="TerminateCalls"/> at once).</summary>
    public TaskCompletionSource? HoldTerminates { get; set; }

    public int CreateCalls { get; private set; }
    public List<string> TerminateCalls { get; } = [];

    public IReadOnlyList<PodInfo> Pods { get { lock (_gate) { return [.. _pods.Values]; } } }

    public Task<PodCreateOutcome> CreatePodAsync(PodRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            CreateCalls++;
        }
        return HoldCreates is { } hold ? AfterAsync(hold.Task, () => Create(request)) : Create(request);
    }

    private static async Task<T> AfterAsync<T>(Task hold, Func<Task<T>> call)
    {
        await hold.ConfigureAwait(false);
        return await call().ConfigureAwait(false);
    }

    private Task<PodCreateOutcome> Create(PodRequest request)
    {
        lock (_gate)
        {
            if (FailNextCreate)
            {
                FailNextCreate = false;
                throw new CloudException(ErrorKind.Transient, "injected: create timed out, nothing under the name");
            }
            var existing = _pods.Values.FirstOrDefault(p => p.Name == request.WorkerId && !p.IsGone);
            if (existing is not null)
            {
                return Task.FromResult<PodCreateOutcome>(new PodCreateOutcome.Created(existing));
            }
            if (!HasCapacity)
            {
                return Task.FromResult<PodCreateOutcome>(new PodCreateOutcome.NoCapacity("There are no longer any instances available with the requested specifications."));
            }
            var pod = new PodInfo { Id = $"pod{++_next:D4}", Name = request.WorkerId, Status = PodStatus.Provisioning, CostPerHour = CostPerHour, GpuType = GpuType };
            _pods[pod.Id] = pod;
            if (LoseNextCreateAnswer)
            {
                LoseNextCreateAnswer = false;
                throw new CloudException(ErrorKind.Transient, "injected: answer lost after create");
            }
            return Task.FromResult<PodCreateOutcome>(new PodCreateOutcome.Created(pod));
        }
    }

    public Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailNextList)
            {
                FailNextList = false;
                throw new CloudException(ErrorKind.Transient, "injected list failure");
            }
            return Task.FromResult<IReadOnlyList<PodInfo>>(_pods.Values.Where(p => WorkerIds.HasPrefix(p.Name, prefix)).ToList());
        }
    }

    public Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_pods.GetValueOrDefault(podId));
        }
    }

    public Task<TerminateOutcome> TerminatePodAsync(string podId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            TerminateCalls.Add(podId);
        }
        return HoldTerminates is { } hold ? AfterAsync(hold.Task, () => Terminate(podId)) : Terminate(podId);
    }

    private Task<TerminateOutcome> Terminate(string podId)
    {
        lock (_gate)
        {
            return Task.FromResult(_pods.Remove(podId) ? TerminateOutcome.Requested : TerminateOutcome.AlreadyGone);
        }
    }

    /// <summary>Moves a pod on; <see cref="PodStatus.Running"/> gives it an SSH endpoint.</summary>
    public void SetStatus(string podId, PodStatus status)
    {
        lock (_gate)
        {
            var pod = _pods[podId];
            _pods[podId] = pod with { Status = status, Ssh = status == PodStatus.Running ? new SshEndpoint("127.0.0.1", 22000 + _pods.Count) : null };
        }
    }

    /// <summary>Moves a pod on with a given SSH endpoint (for example a test's sshd on 127.0.0.1).</summary>
    public void SetStatus(string podId, PodStatus status, SshEndpoint? ssh)
    {
        lock (_gate)
        {
            _pods[podId] = _pods[podId] with { Status = status, Ssh = ssh };
        }
    }

    /// <summary>Adds a pod the database does not know (another deployment's, or a leak).</summary>
    public PodInfo AddForeignPod(string name, PodStatus status = PodStatus.Running)
    {
        lock (_gate)
        {
            var pod = new PodInfo { Id = $"pod{++_next:D4}", Name = name, Status = status, CostPerHour = CostPerHour, GpuType = GpuType };
            _pods[pod.Id] = pod;
            return pod;
        }
    }
}
