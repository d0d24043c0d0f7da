using System.Diagnostics;
using System.Globalization;
using Orchestrator.Tests.RunPod;
using Orchestrator.TestSupport;

namespace Orchestrator.Benchmarks.Soak;

/// <summary>
/// One variant's soak: a fresh database and RunPod fake; the service idle for a while at the default poll (its idle
/// resident set), then the soak proper at the short poll with churning demand, sampled at the start and every
/// <c>every</c> cycles; then SIGTERM.
/// </summary>
public sealed class SoakRun(ThrowawayPostgres server, SoakVariant variant, SoakSettings settings, TextWriter progress)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<SoakResult> RunAsync(int index, CancellationToken cancellationToken)
    {
        var idle = await IdleAsync($"soak_idle_{index}", cancellationToken).ConfigureAwait(false);
        var database = $"soak_{index}";
        await server.CreateDatabaseAsync(database, "soak_template", cancellationToken).ConfigureAwait(false);
        var state = new FakeRunPodState { RuntimeNull = true, TerminateLingerReads = 0 };
        await using var backend = await FakeBackend.StartAsync(state).ConfigureAwait(false);
        await using var demand = await SoakDemand.StartAsync(server.ConnectionString(database), cancellationToken).ConfigureAwait(false);
        var port = LoopbackPort.Free();
        await using var service = SoakService.Start(Environment(backend, database, port, settings.PollSeconds.ToString(CultureInfo.InvariantCulture)));
        var samples = new List<SoakSample>();
        var clock = Stopwatch.StartNew();
        await RequireCyclesAsync(service, 1, TimeSpan.FromSeconds(90), cancellationToken).ConfigureAwait(false);
        samples.Add(await SampleAsync(service, demand, state, database, port, clock, cancellationToken).ConfigureAwait(false));
        await progress.WriteLineAsync($"{variant.Name}: {SoakSample.Header.Trim()}").ConfigureAwait(false);
        await progress.WriteLineAsync($"{variant.Name}: {samples[0].Line()}").ConfigureAwait(false);
        while (service.Cycles < settings.Cycles)
        {
            var before = service.Cycles;
            await demand.StepAsync(SoakDemand.Target(before), cancellationToken).ConfigureAwait(false);
            await RequireCyclesAsync(service, before + 1, TimeSpan.FromSeconds(settings.PollSeconds * 3 + 60), cancellationToken).ConfigureAwait(false);
            if (service.Cycles / settings.Every > samples[^1].Cycles / settings.Every || service.Cycles >= settings.Cycles)
            {
                samples.Add(await SampleAsync(service, demand, state, database, port, clock, cancellationToken).ConfigureAwait(false));
                await progress.WriteLineAsync($"{variant.Name}: {samples[^1].Line()}").ConfigureAwait(false);
            }
        }
        var exit = await service.StopAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var created = state.Requests.Count(r => r.Operation == "create");
        await server.DropDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
        return new SoakResult(variant, idle, samples, created, service.Errors, service.FirstErrors, exit, clock.Elapsed);
    }

    /// <summary>The service started with no demand at the default poll interval (30 s), sampled after <see cref="SoakSettings.IdleSeconds"/>.</summary>
    private async Task<SoakSample> IdleAsync(string database, CancellationToken cancellationToken)
    {
        await server.CreateDatabaseAsync(database, "soak_template", cancellationToken).ConfigureAwait(false);
        var state = new FakeRunPodState { RuntimeNull = true };
        await using var backend = await FakeBackend.StartAsync(state).ConfigureAwait(false);
        await using var demand = await SoakDemand.StartAsync(server.ConnectionString(database), cancellationToken).ConfigureAwait(false);
        var port = LoopbackPort.Free();
        await using var service = SoakService.Start(Environment(backend, database, port, poll: null));
        var clock = Stopwatch.StartNew();
        await RequireCyclesAsync(service, 1, TimeSpan.FromSeconds(90), cancellationToken).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(settings.IdleSeconds), cancellationToken).ConfigureAwait(false);
        var sample = await SampleAsync(service, demand, state, database, port, clock, cancellationToken).ConfigureAwait(false);
        await progress.WriteLineAsync($"{variant.Name}: idle after {settings.IdleSeconds} s: {sample.Line()}").ConfigureAwait(false);
        await service.StopAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        await server.DropDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
        return sample;
    }

    private Dictionary<string, string> Environment(FakeBackend backend, string database, int port, string? poll)
    {
        var env = backend.Environment(
            ("SUPABASE_DB_URL", server.ConnectionString(database)),
            ("ORCHESTRATOR_POLL_SEC", poll),
            ("HEALTH_PORT", port.ToString(CultureInfo.InvariantCulture)),
            ("HEALTH_BIND_ADDRESS", "127.0.0.1"),
            ("LOG_LEVEL", "INFO"),
            ("MIN_ACTIVE_GPUS", "0"),
            ("MAX_ACTIVE_GPUS", "6"),
            ("MAX_POD_CREATES_PER_MINUTE", "1000"),
            ("SPAWNING_TIMEOUT_SEC", "60"));
        foreach (var (key, value) in variant.Environment)
        {
            env[key] = value;
        }
        return env;
    }

    private static async Task RequireCyclesAsync(SoakService service, int count, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (!await service.WaitForCyclesAsync(count, limit, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"the service did not reach {count} cycles ({(service.HasExited ? "it exited" : $"stuck at {service.Cycles}")}); its last lines:{System.Environment.NewLine}{service.LastLines}");
        }
    }

    private static async Task<SoakSample> SampleAsync(SoakService service, SoakDemand demand, FakeRunPodState state, string database, int port, Stopwatch clock, CancellationToken cancellationToken)
    {
        var metrics = await Http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), cancellationToken).ConfigureAwait(false);
        var proc = ProcStatus.Read(service.Id);
        var connections = await demand.ServiceConnectionsAsync(database, cancellationToken).ConfigureAwait(false);
        return new SoakSample(service.Cycles, clock.Elapsed.TotalSeconds, proc,
            SoakSample.Metric(metrics, "orchestrator_process_gc_heap_bytes"), SoakSample.Metric(metrics, "orchestrator_process_gc_committed_bytes"),
            connections, state.LivePods.Count);
    }

}

/// <summary>What <c>soak</c> was asked for.</summary>
public sealed record SoakSettings(int Cycles, int Every, int PollSeconds, int IdleSeconds);
