using Microsoft.Extensions.Logging;
using Orchestrator.Core.Ports;

namespace Orchestrator.Serverless.Api;

/// <summary>
/// Submits a job and polls <c>/status</c> until it is terminal, deciding on the status alone. When our
/// deadline passes (duration or number of calls), or the caller stops, the job is cancelled: the
/// official SDKs leave it running and billing.
/// </summary>
public sealed class JobPoller(RunPodServerlessClient client, ILogger logger, TimeProvider time)
{
    /// <param name="submit">Sends /run or /runsync; the deadline counts from before it.</param>
    /// <param name="progress">Called with every state whose status differs from the previous one.</param>
    public async Task<JobOutcome> RunAsync(string endpointId, Func<TimeSpan, CancellationToken, Task<JobState>> submit, PollingPolicy policy,
        Action<JobState, TimeSpan>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var state = await submit(policy.MaxDuration, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(state.Id) && !state.IsTerminal)
        {
            throw new CloudException(ErrorKind.CloudApi, $"submit answered {state.Status} without a job id");
        }
        ServerlessLog.Submitted(logger, state.Id, endpointId, "submit", state.Status);
        progress?.Invoke(state, time.GetElapsedTime(started));
        return await WaitAsync(endpointId, state, policy, started, progress, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JobOutcome> WaitAsync(string endpointId, JobState state, PollingPolicy policy, long started,
        Action<JobState, TimeSpan>? progress, CancellationToken cancellationToken)
    {
        var polls = 0;
        while (!state.IsTerminal)
        {
            var elapsed = time.GetElapsedTime(started);
            if (elapsed >= policy.MaxDuration || polls >= policy.MaxAttempts)
            {
                var reason = elapsed >= policy.MaxDuration ? $"deadline {policy.MaxDuration.TotalSeconds:0.###} s" : $"limit of {policy.MaxAttempts} status calls";
                ServerlessLog.DeadlinePassed(logger, state.Id, state.Status, Ms(elapsed), polls, reason);
                return await CancelAsync(endpointId, state, polls, elapsed).ConfigureAwait(false);
            }
            try
            {
                var pause = policy.Interval < policy.MaxDuration - elapsed ? policy.Interval : policy.MaxDuration - elapsed;
                await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
                var next = await PollAsync(endpointId, state, cancellationToken).ConfigureAwait(false);
                polls++;
                if (next.Status != state.Status)
                {
                    ServerlessLog.StatusChanged(logger, next.Id, next.Status, Ms(time.GetElapsedTime(started)));
                    progress?.Invoke(next, time.GetElapsedTime(started));
                }
                state = next;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                ServerlessLog.Stopped(logger, state.Id);
                await CancelAsync(endpointId, state, polls, time.GetElapsedTime(started)).ConfigureAwait(false);
                throw;
            }
        }
        var total = time.GetElapsedTime(started);
        ServerlessLog.Finished(logger, state.Id, state.Status, Ms(total), polls);
        return new JobOutcome(endpointId, state, false, null, polls, total);
    }

    /// <summary>One status call; a transient failure keeps the previous state so the loop goes on until the deadline.</summary>
    private async Task<JobState> PollAsync(string endpointId, JobState state, CancellationToken cancellationToken)
    {
        try
        {
            var next = await client.StatusAsync(endpointId, state.Id, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrEmpty(next.Id) ? next with { Id = state.Id } : next;
        }
        catch (CloudException e) when (e.IsTransient)
        {
            ServerlessLog.PollFailed(logger, state.Id, e.Message);
            return state;
        }
    }

    /// <summary>Sends /cancel with its own short budget (the caller's token may already be cancelled).</summary>
    private async Task<JobOutcome> CancelAsync(string endpointId, JobState state, int polls, TimeSpan elapsed)
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var answer = await client.CancelAsync(endpointId, state.Id, budget.Token).ConfigureAwait(false);
            ServerlessLog.CancelSent(logger, state.Id, answer.Status);
            var last = state with { Status = answer.Status == JobStatuses.NotFound ? state.Status : answer.Status, Error = answer.Error ?? state.Error };
            return new JobOutcome(endpointId, last, true, null, polls, elapsed);
        }
        catch (Exception e) when (e is CloudException or OperationCanceledException)
        {
            ServerlessLog.CancelFailed(logger, state.Id, e.Message);
            return new JobOutcome(endpointId, state, true, e.Message, polls, elapsed);
        }
    }

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;
}
