namespace Orchestrator.Supabase;

/// <summary>How a store call may be retried.</summary>
public enum RestCall
{
    /// <summary>A read or an idempotent write: retried with jitter on 5xx, 408, 429 and timeouts, within the call budget.</summary>
    Retried,

    /// <summary>A write that must not be repeated blindly: one attempt with the request timeout; the next cycle reconciles.</summary>
    Once,
}
