using Orchestrator.Core.Decisions;
using Orchestrator.Core.Options;

namespace Orchestrator.Hosting;

/// <summary>Picks the scaling policy named by <c>SCALING_POLICY</c>.</summary>
public static class PolicyFactory
{
    public static IScalingPolicy Create(ScalingOptions options) => options.Policy switch
    {
        "legacy" => new LegacyScalingPolicy(options),
        _ => new ScalingPolicy(options),
    };
}
