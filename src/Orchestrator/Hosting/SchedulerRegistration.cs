using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orchestrator.Configuration;
using Orchestrator.Service;
using Quartz;

namespace Orchestrator.Hosting;

/// <summary>
/// The service's scheduling, for <c>run</c> only: the control cycle as a Quartz job every poll interval.
/// With a database, Quartz's clustered ADO.NET job store in schema <c>orchestrator_quartz</c> (created by
/// migration 002), so replicas act as one; otherwise the in-memory store. Plus the NOTIFY listener,
/// the host's shutdown timeout and the wait for mutations left in flight (<see cref="InFlightMutationsDrain"/>).
/// </summary>
public static class SchedulerRegistration
{
    public const string SchedulerName = "gpu-orchestrator";
    public const string TablePrefix = "orchestrator_quartz.qrtz_";
    public static readonly TriggerKey PollTrigger = new("control-cycle-poll", "orchestrator");

    public static IServiceCollection AddControlScheduler(this IServiceCollection services, OrchestratorConfig config, ServiceSettings settings, bool clustered)
    {
        services.AddSingleton(settings);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
        // Registered before the scheduler, so stopped after it (hosted services stop in reverse order): once the last
        // cycle has ended, the creates and terminates it or an earlier cycle left in flight are waited for.
        services.AddHostedService<InFlightMutationsDrain>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = SchedulerName;
                o.IdleWaitTime = TimeSpan.FromSeconds(Math.Clamp(config.Cycle.PollInterval.TotalSeconds, 1, 5));
                o.ShutdownJobInterruption = ShutdownJobInterruption.Always;
                if (settings.InstanceId is { } id)
                {
                    o.InstanceId = id;
                }
            });
            q.UseDefaultThreadPool(2);
            if (clustered)
            {
                UseClusteredStore(q, settings);
            }
            else
            {
                q.UseInMemoryStore();
            }
            q.ScheduleJob<ControlCycleJob>(
                t => t.WithIdentity(PollTrigger).StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(config.Cycle.PollInterval).RepeatForever().MeasureIntervalFromCompletion(true)
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)),
                j => j.WithIdentity(ControlCycleJob.Key).StoreDurably());
        });
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AwaitApplicationStarted = true;
        });
        services.AddSingleton<CycleWakeUp>();
        if (clustered && settings.WakeOnNotify)
        {
            services.AddSingleton<TaskQueueListener>();
            services.AddHostedService(sp => sp.GetRequiredService<TaskQueueListener>());
        }
        return services;
    }

    // Quartz names Npgsql's connection and parameter types as strings for this overload; the service references those
    // types itself, so the native build keeps them, and CI runs the chaos suite (clustered scheduler, two replicas,
    // failover) against the native binary. The factory overload would give Quartz a second connection pool beside
    // the service's NpgsqlDataSource.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Npgsql's types are referenced by the service; proven by the chaos suite on the native build.")]
    private static void UseClusteredStore(IQuartzBuilder q, ServiceSettings settings)
    {
        q.UsePersistentStore(s =>
        {
            s.UsePostgres(ds => ds.DataSourceFactory = sp => sp.GetRequiredService<NpgsqlDataSource>());
            s.ConfigureStore(o =>
            {
                o.TablePrefix = TablePrefix;
                // Migration 002 owns these tables and `run` refuses to start without it; Quartz's own check at
                // start would only add a misleading "schema validation failed" when the database blinks then.
                o.SchemaProvisioning = SchemaProvisioning.None;
                // A database that blinks while the scheduler starts (its cluster recovery) or runs is retried for
                // about 10 s before the call fails; Quartz's default is 3 tries.
                o.MaxTransientRetries = 10;
                o.TransientRetryInterval = TimeSpan.FromSeconds(1);
                o.MisfireThreshold = TimeSpan.FromSeconds(5);
            });
            s.UseClustering(c =>
            {
                c.CheckinInterval = settings.ClusterCheckin;
                c.CheckinMisfireThreshold = settings.ClusterCheckin;
            });
            s.UseSystemTextJsonSerializer();
        });
    }
}
