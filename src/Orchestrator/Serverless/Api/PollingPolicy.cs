namespace Orchestrator.Serverless.Api;

/// <summary>How long to wait for a job: interval between status calls, a deadline, and optionally a cap on calls.</summary>
public sealed record PollingPolicy(TimeSpan Interval, TimeSpan MaxDuration, int? MaxAttempts)
{
    public static PollingPolicy From(ServerlessOptions options) =>
        new(options.PollInterval, options.MaxPollingDuration, options.MaxPollingAttempts);
}
