using System.Globalization;

namespace Orchestrator.Observability;

/// <summary>What /healthz answers: 200 when <see cref="Healthy"/>, else 503, with a small JSON body.</summary>
public sealed record HealthVerdict(bool Healthy, string Status, double? LastCycleAgeSeconds, int ConsecutiveFailures)
{
    public int StatusCode => Healthy ? 200 : 503;

    public string ToJson()
    {
        var age = LastCycleAgeSeconds is { } a ? Math.Round(a, 1).ToString(CultureInfo.InvariantCulture) : "null";
        return $"{{\"status\":\"{Status}\",\"last_cycle_age_s\":{age},\"consecutive_failures\":{ConsecutiveFailures}}}";
    }
}
