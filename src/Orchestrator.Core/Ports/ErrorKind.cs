namespace Orchestrator.Core.Ports;

/// <summary>The closed set of failure kinds an adapter reports.</summary>
public enum ErrorKind
{
    /// <summary>Worth retrying: timeouts, 5xx, 429, dropped connections.</summary>
    Transient,
    /// <summary>The cloud has no instance of the requested kind right now.</summary>
    CloudCapacity,
    /// <summary>The cloud refused the request as invalid or answered something we cannot read.</summary>
    CloudApi,
    /// <summary>Credentials missing, wrong or without permission. Not retried.</summary>
    Auth,
    /// <summary>The database or its HTTP surface failed.</summary>
    Store,
    /// <summary>SSH could not run the command (connect, host key, timeout).</summary>
    RemoteShell,
    /// <summary>The service is configured wrongly.</summary>
    Configuration,
}
