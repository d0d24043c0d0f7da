using Microsoft.Extensions.Logging;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Ports;
using Quartz;

namespace Orchestrator.Service;

/// <summary>
/// The control cycle as a Quartz job. Never runs beside itself: <see cref="DisallowConcurrentExecutionAttribute"/>
/// holds back every trigger of the job while one firing runs, and with the clustered job store that holds
/// across every replica sharing the database. The firing's token (signalled on shutdown) means "start no
/// new mutations"; actions already in flight finish.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ControlCycleJob(ControlCycle cycle, ILogger<ControlCycleJob> logger) : IJob
{
    public static readonly JobKey Key = new("control-cycle", "orchestrator");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var report = await cycle.RunOnceAsync(dryRun: false, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                ServiceLog.CycleJobStopping(logger, report.CycleId);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // SIGTERM while the cycle was reading (a RunPod retry, a slow query): an ordinary stop, not a failure.
            ServiceLog.CycleJobCancelled(logger, context.FireInstanceId);
        }
        catch (Exception ex) when (ex is OrchestratorException or InvalidOperationException or OperationCanceledException)
        {
            // A failing cycle is logged and the schedule goes on; the next firing starts from a fresh observation.
            ServiceLog.CycleJobFailed(logger, ex, context.FireInstanceId, ex.Message);
        }
    }
}
