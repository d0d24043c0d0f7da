using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Ports;
using Orchestrator.Serverless.Api;

namespace Orchestrator.Serverless.Routing;

/// <summary>
/// Seed 000's router: when a pod endpoint is configured and <c>/ready</c>, the job goes there; on
/// not-ready, failure or timeout it falls back to the serverless endpoint of the mode (<c>/runsync</c>,
/// then <c>/status</c> polling, cancelled when our deadline passes).
/// </summary>
public sealed class PodFirstRouter(PodEndpointClient? pod, RunPodServerlessClient serverless, JobPoller poller, ServerlessOptions options,
    ILogger logger, TimeProvider time)
{
    /// <param name="request">The job request: <c>{"input": ...}</c> (other top-level keys such as policy go to serverless only).</param>
    public async Task<RoutedResult> RouteAsync(JsonObject request, string? mode, CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid().ToString("N")[..16];
        var started = time.GetTimestamp();
        var (served, podReason, podDuration) = await TryPodAsync(request, requestId, cancellationToken).ConfigureAwait(false);
        if (served is not null)
        {
            return Done(new RoutedResult("pod", requestId, null, served, false, null, null, podDuration, null, time.GetElapsedTime(started)));
        }
        var endpointId = options.EndpointFor(mode);
        if (endpointId is null)
        {
            var failed = new JobState(requestId, JobStatuses.Failed, null, $"pod route failed ({podReason}) and no serverless endpoint is configured", null, null, null);
            return Done(new RoutedResult("pod", requestId, null, failed, false, null, podReason, podDuration, null, time.GetElapsedTime(started)));
        }
        var serverlessStarted = time.GetTimestamp();
        var outcome = await poller.RunAsync(endpointId,
            (budget, token) => serverless.RunSyncAsync(endpointId, request, budget < options.SyncTimeout ? budget : options.SyncTimeout, token),
            PollingPolicy.From(options), null, cancellationToken).ConfigureAwait(false);
        return Done(new RoutedResult("serverless", requestId, endpointId, outcome.Last, outcome.DeadlinePassed, outcome.CancelError,
            podReason, podDuration, time.GetElapsedTime(serverlessStarted), time.GetElapsedTime(started)));
    }

    private async Task<(JobState? Served, string? Reason, TimeSpan? Duration)> TryPodAsync(JsonObject request, string requestId, CancellationToken cancellationToken)
    {
        if (pod is null)
        {
            var reason = options.PodName is { } name ? $"SB_SPOT_NAME '{name}' is set but SB_SPOT_URL is not (pods are not looked up by name)" : "no pod endpoint configured (SB_SPOT_URL)";
            ServerlessLog.PodSkipped(logger, requestId, reason);
            return (null, reason, null);
        }
        var started = time.GetTimestamp();
        var notReady = await pod.NotReadyReasonAsync(requestId, cancellationToken).ConfigureAwait(false);
        if (notReady is not null)
        {
            return Fallback(requestId, "not ready: " + notReady, started);
        }
        try
        {
            var input = request["input"] as JsonObject ?? request;
            var state = await pod.GenerateAsync(input, requestId, cancellationToken).ConfigureAwait(false);
            return state.Status == JobStatuses.Completed ? (state, null, time.GetElapsedTime(started))
                : Fallback(requestId, $"pod answered {state.Status}: {state.Error}", started);
        }
        catch (CloudException e)
        {
            return Fallback(requestId, e.Message, started);
        }
    }

    private (JobState?, string?, TimeSpan?) Fallback(string requestId, string reason, long started)
    {
        var duration = time.GetElapsedTime(started);
        ServerlessLog.PodFailed(logger, requestId, (long)duration.TotalMilliseconds, reason);
        return (null, reason, duration);
    }

    private RoutedResult Done(RoutedResult result)
    {
        ServerlessLog.Routed(logger, result.RequestId, result.Route, result.State.Status, (long)result.TotalDuration.TotalMilliseconds);
        return result;
    }
}
