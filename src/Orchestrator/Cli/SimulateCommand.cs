using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Configuration;
using Orchestrator.Logging;
using Orchestrator.RunPod;
using Orchestrator.Simulation;

namespace Orchestrator.Cli;

/// <summary>
/// <c>simulate</c>: replays demand through the real control cycle against simulated RunPod, SSH and
/// workers, for the configured policy and the old service's, and prints both side by side. Needs no
/// credentials; reads the same scaling variables as the service.
/// </summary>
public static class SimulateCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var arguments = SimulateArguments.Parse(context);
        var reader = new SettingsReader(context.Configuration);
        var config = OrchestratorConfig.Load(reader);
        var setup = Setup(config, reader, arguments.Seed) with { Speed = arguments.Speed };
        setup = setup with { Profile = setup.Profile with { SpotInterruptionsPerHour = arguments.SpotInterruptionsPerHour } };
        var problems = arguments.Problems.Concat(reader.Problems).ToList();
        var axes = SweepAxis.Parse(arguments.Sweeps, context.Configuration, problems);
        if (problems.Count > 0)
        {
            return await FailAsync(context, problems).ConfigureAwait(false);
        }
        IReadOnlyList<Scenario> scenarios;
        try
        {
            scenarios = Scenarios(arguments);
        }
        catch (TraceFormatException ex)
        {
            return await FailAsync(context, [ex.Message]).ConfigureAwait(false);
        }
        if (axes.Count > 0)
        {
            return await SweepAsync(context, arguments, scenarios, setup, axes, cancellationToken).ConfigureAwait(false);
        }
        using var serilog = arguments.Speed is null ? null : LoggingSetup.CreateSerilog(Logs(config, reader), toStandardError: arguments.Json);
        using var logs = serilog is null ? NullLoggerFactory.Instance : LoggingSetup.CreateFactory(serilog);
        var progress = arguments.Speed is null ? Progress(context, scenarios.Count * 3) : null;
        var results = await SimulationSuite.RunAsync(scenarios, setup, logs, NullLoggerFactory.Instance, progress, cancellationToken).ConfigureAwait(false);
        await context.Error.WriteLineAsync(SimulationProgress.Summary(results)).ConfigureAwait(false);
        if (arguments.Svg is { } svg)
        {
            await File.WriteAllTextAsync(svg, SimulationSvg.Render(results), cancellationToken).ConfigureAwait(false);
            await context.Error.WriteLineAsync($"simulate: chart written to {svg}").ConfigureAwait(false);
        }
        var output = arguments.Json ? SimulationReport.Json(results) : arguments.Markdown ? SimulationReport.Markdown(results) : SimulationReport.Text(results);
        await context.Out.WriteLineAsync(output).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>Every combination of the swept settings, with legacy and the bound once each as references.</summary>
    private static async Task<int> SweepAsync(CommandContext context, SimulateArguments arguments, IReadOnlyList<Scenario> scenarios, SimulationSetup setup,
        IReadOnlyList<SweepAxis> axes, CancellationToken cancellationToken)
    {
        var combinations = SweepAxis.Combinations(axes)
            .Select(c => (c, SweepSetup(new SettingsReader(SweepAxis.With(context.Configuration, c)), setup)))
            .ToList();
        var none = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = await SimulationSweep.RunAsync(scenarios, [.. combinations, (none, setup.AsLegacy()), (none, setup.AsBound())], context.Error, cancellationToken).ConfigureAwait(false);
        var (points, references) = (all.Take(combinations.Count).ToList(), all.Skip(combinations.Count).ToList());
        var output = arguments.Json ? SimulationSweep.Json(points, references) : SimulationSweep.Text(points, references, scenarios.Count);
        await context.Out.WriteLineAsync(output).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>Progress on standard error: a bar on a terminal, plain lines otherwise.</summary>
    public static SimulationProgress Progress(CommandContext context, int replays) =>
        new(context.Error, ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected, replays);

    /// <summary>
    /// The service's option groups as configured, with the seed. Spot is read as the service reads it: RUNPOD_SPOT and
    /// its thresholds by <see cref="OrchestratorConfig"/>, RUNPOD_BID_PER_GPU by <see cref="RunPodOptionsReader"/> (whose
    /// checks, such as spot without a bid, become problems on <paramref name="reader"/>).
    /// </summary>
    public static SimulationSetup Setup(OrchestratorConfig config, SettingsReader reader, int seed) => new()
    {
        Scaling = config.Scaling,
        Health = config.Health,
        Breaker = config.Breaker,
        Cycle = config.Cycle,
        Demand = config.Demand,
        Spot = config.Spot,
        BidPerGpu = RunPodOptionsReader.Read(reader, config).BidPerGpu,
        Seed = seed,
    };

    /// <summary>One sweep combination's setup: its settings read afresh, the simulated world of <paramref name="configured"/>.</summary>
    private static SimulationSetup SweepSetup(SettingsReader reader, SimulationSetup configured) =>
        Setup(OrchestratorConfig.Load(reader), reader, configured.Seed) with { Profile = configured.Profile };

    private static IReadOnlyList<Scenario> Scenarios(SimulateArguments arguments)
    {
        if (arguments.Trace is { } path)
        {
            return [TraceCsv.Load(path).Scaled(arguments.Scale, arguments.Seed)];
        }
        var names = arguments.Scenario == "all" ? BuiltInScenarios.Names : [arguments.Scenario];
        return names.Select(n => BuiltInScenarios.Create(n, arguments.Seed, arguments.Length).Scaled(arguments.Scale, arguments.Seed)).ToList();
    }

    /// <summary>The service's logging, in text unless LOG_FORMAT asks otherwise (easier to watch).</summary>
    private static LoggingSettings Logs(OrchestratorConfig config, SettingsReader reader) => new()
    {
        Level = config.Logging.Level,
        Format = reader.Raw("LOG_FORMAT", "Orchestrator:Logging:Format") is null ? "text" : config.Logging.Format,
    };

    private static async Task<int> FailAsync(CommandContext context, IReadOnlyList<string> problems)
    {
        await context.Error.WriteLineAsync($"simulate: {problems.Count} problem(s); nothing was run:").ConfigureAwait(false);
        foreach (var problem in problems)
        {
            await context.Error.WriteLineAsync($"  - {problem}").ConfigureAwait(false);
        }
        return ExitCodes.BadInput;
    }
}
