using Microsoft.Extensions.Logging;
using Quartz;

namespace Orchestrator.Service;

/// <summary>
/// Asks for a control cycle now, through the scheduler, so a wake-up obeys the same no-overlap rule as
/// the poll: a one-shot trigger of <see cref="ControlCycleJob"/> that waits (blocked) while a cycle runs
/// anywhere in the cluster. At most one wake-up is pending at a time: when a wake trigger exists that has
/// not fired yet, the cycle it will start reads the new tasks anyway, so nothing more is scheduled.
/// </summary>
public sealed class CycleWakeUp(ISchedulerFactory schedulers, ILogger<CycleWakeUp> logger)
{
    public const string TriggerGroup = "wake";

    /// <summary>Returns true when a new wake trigger was scheduled, false when one was pending or the scheduler is not running.</summary>
    public async Task<bool> RequestAsync(string reason, CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
            if (scheduler.Status != SchedulerStatus.Running)
            {
                return false;
            }
            if (await HasPendingAsync(scheduler, cancellationToken).ConfigureAwait(false))
            {
                ServiceLog.WakeUpCoalesced(logger, reason);
                return false;
            }
            var trigger = TriggerBuilder.Create()
                .WithIdentity($"wake-{Guid.NewGuid():N}", TriggerGroup)
                .ForJob(ControlCycleJob.Key)
                .StartNow()
                .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build();
            await scheduler.ScheduleJob(trigger, default, cancellationToken).ConfigureAwait(false);
            ServiceLog.WakeUpRequested(logger, reason);
            return true;
        }
        catch (SchedulerException ex)
        {
            ServiceLog.WakeUpFailed(logger, ex.Message);
            return false;
        }
    }

    /// <summary>A wake trigger that has never fired: the cycle it starts has not read the queue yet.</summary>
    private static async Task<bool> HasPendingAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        var triggers = await scheduler.GetTriggersOfJob(ControlCycleJob.Key, cancellationToken).ConfigureAwait(false);
        return triggers.Any(t => t.Key.Group == TriggerGroup && t.PreviousFireTimeUtc is null);
    }
}
