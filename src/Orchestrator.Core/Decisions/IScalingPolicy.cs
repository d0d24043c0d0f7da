namespace Orchestrator.Core.Decisions;

/// <summary>Decides fleet size. Pure: no I/O, no clock of its own.</summary>
public interface IScalingPolicy
{
    string Name { get; }

    ScalingDecision Decide(ScalingInput input);
}
