namespace Orchestrator.Core.Options;

/// <summary>How demand is counted.</summary>
public sealed class DemandOptions
{
    /// <summary>
    /// <c>auto</c>: Reigh's eligibility functions when the schema has them, a plain count otherwise;
    /// <c>reigh</c>: require them; <c>plain</c>: count <c>Queued</c> tasks [DEMAND_MODE].
    /// </summary>
    public string Mode { get; set; } = "auto";

    /// <summary>Queued tasks older than this are not demand (guards against 0→N jumps from ancient rows) [DEMAND_MAX_TASK_AGE_SEC].</summary>
    public TimeSpan MaxTaskAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Only tasks of this run type count [DEMAND_RUN_TYPE].</summary>
    public string RunType { get; set; } = "gpu";

    /// <summary>Arrivals are counted over this trailing window for the scaling policy's idle retention [DEMAND_ARRIVAL_WINDOW_SEC].</summary>
    public TimeSpan ArrivalWindow { get; set; } = TimeSpan.FromMinutes(10);
}
