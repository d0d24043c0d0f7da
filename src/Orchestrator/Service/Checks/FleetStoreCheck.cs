using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;

namespace Orchestrator.Service.Checks;

/// <summary>The fleet store answers one observation (the read every cycle starts with).</summary>
public sealed class FleetStoreCheck(IFleetStore store, BreakerOptions breaker, TimeProvider time) : IStartupCheck
{
    public string Name => "store";

    public int Order => 10;

    public async Task<StartupCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var observation = await store.ObserveAsync(new ObservationRequest(time.GetUtcNow(), [], breaker.Window), cancellationToken).ConfigureAwait(false);
        var demand = observation.Demand;
        return StartupCheckResult.Pass($"{store.GetType().Name} answered: queued {demand.Queued}, claimable {demand.Claimable} ({demand.Source}); {observation.Workers.Count} live worker(s); paused {(observation.Paused ? "yes" : "no")}");
    }
}
