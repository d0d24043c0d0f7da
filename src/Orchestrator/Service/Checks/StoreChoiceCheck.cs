using Orchestrator.Supabase;

namespace Orchestrator.Service.Checks;

/// <summary>Which fleet store the configuration chose and why (issue #7); the detail is <see cref="StoreChoice"/>'s masked one.</summary>
public sealed class StoreChoiceCheck(StoreChoice choice) : IStartupCheck
{
    public string Name => "store-choice";

    public int Order => 5;

    public Task<StartupCheckResult> RunAsync(CancellationToken cancellationToken) =>
        Task.FromResult(StartupCheckResult.Pass($"{choice.Store}: {choice.Detail}"));
}
