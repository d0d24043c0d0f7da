using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Ports;

namespace Orchestrator.Tests.Observability;

/// <summary>An in-memory cloud whose failures quote a secret, as a careless client library might.</summary>
internal sealed class LeakyCloud(InMemoryGpuCloud inner, string leak) : IGpuCloud
{
    public bool FailList { get; set; }

    public Task<PodCreateOutcome> CreatePodAsync(PodRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<PodCreateOutcome>(new PodCreateOutcome.Rejected(ErrorKind.Auth, $"401 Unauthorized for api_key={leak}"));

    public Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken) => FailList
        ? throw new CloudException(ErrorKind.Auth, $"GraphQL 401: token {leak} rejected", new InvalidOperationException($"inner detail {leak}"))
        : inner.ListPodsAsync(cancellationToken);

    public Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken) => inner.GetPodAsync(podId, cancellationToken);

    public Task<TerminateOutcome> TerminatePodAsync(string podId, CancellationToken cancellationToken) => inner.TerminatePodAsync(podId, cancellationToken);
}
