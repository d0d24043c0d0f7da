namespace Orchestrator.Service;

/// <summary>The NOTIFY wake-up's state, as the last test NOTIFY found it.</summary>
public enum WakeUpStatus
{
    /// <summary>Not tested yet.</summary>
    Starting,
    /// <summary>The test NOTIFY arrived: a queued task wakes the cycle at once.</summary>
    Delivered,
    /// <summary>LISTEN was accepted but the test NOTIFY never arrived (a transaction pooler): polling only.</summary>
    NotDelivered,
    /// <summary>The LISTEN connection failed; reconnecting with backoff, polling meanwhile.</summary>
    Disconnected,
}
