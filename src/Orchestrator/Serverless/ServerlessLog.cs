using Microsoft.Extensions.Logging;

namespace Orchestrator.Serverless;

/// <summary>Serverless jobs, the pod-first router and result download. EventIds 8000–8099.</summary>
internal static partial class ServerlessLog
{
    [LoggerMessage(EventId = 8000, EventName = "ServerlessJobSubmitted", Level = LogLevel.Information,
        Message = "Job {JobId} submitted to endpoint {EndpointId} via {Operation}: {Status}")]
    public static partial void Submitted(ILogger logger, string jobId, string endpointId, string operation, string status);

    [LoggerMessage(EventId = 8001, EventName = "ServerlessJobStatusChanged", Level = LogLevel.Information,
        Message = "Job {JobId} is {Status} after {DurationMs} ms")]
    public static partial void StatusChanged(ILogger logger, string jobId, string status, long durationMs);

    [LoggerMessage(EventId = 8002, EventName = "ServerlessJobFinished", Level = LogLevel.Information,
        Message = "Job {JobId} finished {Status} after {DurationMs} ms and {Polls} status calls")]
    public static partial void Finished(ILogger logger, string jobId, string status, long durationMs, int polls);

    [LoggerMessage(EventId = 8003, EventName = "ServerlessJobDeadlinePassed", Level = LogLevel.Warning,
        Message = "Job {JobId} still {Status} after {DurationMs} ms and {Polls} status calls ({Reason}); cancelling it")]
    public static partial void DeadlinePassed(ILogger logger, string jobId, string status, long durationMs, int polls, string reason);

    [LoggerMessage(EventId = 8004, EventName = "ServerlessJobCancelSent", Level = LogLevel.Information,
        Message = "Cancel of job {JobId} answered {Status}")]
    public static partial void CancelSent(ILogger logger, string jobId, string status);

    [LoggerMessage(EventId = 8005, EventName = "ServerlessJobCancelFailed", Level = LogLevel.Error,
        Message = "Cancel of job {JobId} failed: {Reason}; it may still run and cost money")]
    public static partial void CancelFailed(ILogger logger, string jobId, string reason);

    [LoggerMessage(EventId = 8006, EventName = "ServerlessPollFailed", Level = LogLevel.Warning,
        Message = "Status of job {JobId} could not be read ({Reason}); polling goes on until the deadline")]
    public static partial void PollFailed(ILogger logger, string jobId, string reason);

    [LoggerMessage(EventId = 8007, EventName = "ServerlessHttpRetry", Level = LogLevel.Warning,
        Message = "{Operation}: attempt {Attempt} after {Reason}, waiting {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string reason, long delayMs);

    [LoggerMessage(EventId = 8008, EventName = "ServerlessJobStopped", Level = LogLevel.Warning,
        Message = "Stopped while waiting for job {JobId}; cancelling it")]
    public static partial void Stopped(ILogger logger, string jobId);

    [LoggerMessage(EventId = 8010, EventName = "PodRouteSkipped", Level = LogLevel.Information,
        Message = "Request {RequestId}: pod route skipped: {Reason}")]
    public static partial void PodSkipped(ILogger logger, string requestId, string reason);

    [LoggerMessage(EventId = 8011, EventName = "PodRouteFailed", Level = LogLevel.Warning,
        Message = "Request {RequestId}: pod route failed after {DurationMs} ms: {Reason}; falling back to serverless")]
    public static partial void PodFailed(ILogger logger, string requestId, long durationMs, string reason);

    [LoggerMessage(EventId = 8012, EventName = "RequestRouted", Level = LogLevel.Information,
        Message = "Request {RequestId} served by {Route}: {Status} in {DurationMs} ms")]
    public static partial void Routed(ILogger logger, string requestId, string route, string status, long durationMs);

    [LoggerMessage(EventId = 8020, EventName = "ResultImageSaved", Level = LogLevel.Information,
        Message = "Image {Index} saved to {Path} ({Bytes} bytes)")]
    public static partial void ImageSaved(ILogger logger, int index, string path, long bytes);

    [LoggerMessage(EventId = 8021, EventName = "ResultImageFailed", Level = LogLevel.Warning,
        Message = "Image {Index} not saved: {Reason}")]
    public static partial void ImageFailed(ILogger logger, int index, string reason);

    [LoggerMessage(EventId = 8022, EventName = "ResultOutputWarning", Level = LogLevel.Warning,
        Message = "Worker reported: {Reason}")]
    public static partial void OutputWarning(ILogger logger, string reason);
}
