namespace Orchestrator.Serverless.Api;

/// <summary>The job states of RunPod Serverless. Decisions are made on these, never on whether output is present.</summary>
public static class JobStatuses
{
    public const string InQueue = "IN_QUEUE";
    public const string InProgress = "IN_PROGRESS";
    public const string Running = "RUNNING";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";
    public const string TimedOut = "TIMED_OUT";

    /// <summary>Not a RunPod state: <c>/status</c> answered 404 (unknown id or TTL expired).</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>The terminal set of the JS/Go SDKs: COMPLETED, FAILED, CANCELLED, TIMED_OUT.</summary>
    public static bool IsTerminal(string status) => status is Completed or Failed or Cancelled or TimedOut or NotFound;
}
