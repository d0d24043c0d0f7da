namespace Orchestrator.Serverless.Api;

/// <summary>How waiting for a job ended.</summary>
/// <param name="Last">The last state seen (after a cancel, the cancel's answer when it had one).</param>
/// <param name="DeadlinePassed">Our deadline (duration or attempts) passed before the job finished; a cancel was sent.</param>
/// <param name="CancelError">Why the cancel failed, when it did: the job may still be running.</param>
public sealed record JobOutcome(string EndpointId, JobState Last, bool DeadlinePassed, string? CancelError, int Polls, TimeSpan Elapsed)
{
    public bool Completed => !DeadlinePassed && Last.Status == JobStatuses.Completed;

    /// <summary>A one-line reason when the job did not complete.</summary>
    public string? FailureReason => Completed ? null
        : DeadlinePassed ? $"no result after {Elapsed.TotalSeconds:0.###} s ({Polls} status calls); job {Last.Id} was cancelled" + (CancelError is null ? "" : $", but the cancel failed: {CancelError}")
        : $"job {Last.Id} ended {Last.Status}" + (Last.Error is null ? "" : $": {Last.Error}");
}
