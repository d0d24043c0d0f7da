using Microsoft.Extensions.Options;
using Orchestrator.Core.Options;

namespace Orchestrator.Configuration;

/// <summary>
/// The rules between scaling settings, reported all at once with the variables' names (the value ranges of
/// each variable are checked where it is read). Run by <see cref="OrchestratorConfig.Load"/> for every
/// command, and by the host at start (<c>ValidateOnStart</c>) for values bound by other means.
/// </summary>
public sealed class ScalingOptionsValidator : IValidateOptions<ScalingOptions>
{
    public ValidateOptionsResult Validate(string? name, ScalingOptions options)
    {
        var failures = new List<string>();
        if (options.MinActive > options.MaxActive)
        {
            failures.Add($"MIN_ACTIVE_GPUS: {options.MinActive} is above MAX_ACTIVE_GPUS {options.MaxActive}");
        }
        if (options.WarmBuffer > options.MaxActive)
        {
            failures.Add($"MACHINES_TO_KEEP_IDLE: {options.WarmBuffer} is above MAX_ACTIVE_GPUS {options.MaxActive}");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
