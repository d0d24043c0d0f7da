using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Cycle;

namespace Orchestrator.Service;

/// <summary>
/// At shutdown, after the scheduler has stopped (it is registered first, so it stops last): waits for the creates and
/// terminates that cycles left in flight (<see cref="MutationsInFlight"/>), so each still stores its outcome (the pod on
/// its worker row, or <c>create-unresolved</c>) and its audit event, as a create the last cycle waited for does. Each call
/// carries its own timeout; the host's shutdown timeout bounds the wait, after which the next cycle of any replica
/// reconciles what is left by name, as after a crash.
/// </summary>
public sealed class InFlightMutationsDrain(ControlCycle cycle, ILogger<InFlightMutationsDrain> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (cycle.InFlight.Left == 0)
        {
            return;
        }
        ServiceLog.WaitingForMutations(logger, cycle.InFlight.Left);
        try
        {
            await cycle.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            ServiceLog.MutationsAbandoned(logger, cycle.InFlight.Left);
        }
    }
}
