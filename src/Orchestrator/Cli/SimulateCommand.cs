using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Configuration;
using Orchestrator.Logging;
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
        var problems = arguments.Problems.Concat(reader.Problems).ToList();
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
        var setup = Setup(config, arguments.Seed) with { Speed = arguments.Speed };
        using var serilog = arguments.Speed is null ? null : LoggingSetup.CreateSerilog(Logs(config, reader), toStandardError: arguments.Json);
        using var logs = serilog is null ? NullLoggerFactory.Instance : LoggingSetup.CreateFactory(serilog);
        var results = await SimulationSuite.RunAsync(scenarios, setup, logs, NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
        var output = arguments.Json ? SimulationReport.Json(results) : arguments.Markdown ? SimulationReport.Markdown(results) : SimulationReport.Text(results);
        await context.Out.WriteLineAsync(output).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>The service's option groups as configured, with the seed.</summary>
    public static SimulationSetup Setup(OrchestratorConfig config, int seed) => new()
    {
        Scaling = config.Scaling,
        Health = config.Health,
        Breaker = config.Breaker,
        Cycle = config.Cycle,
        Demand = config.Demand,
        Seed = seed,
    };

    private static IReadOnlyList<Scenario> Scenarios(SimulateArguments arguments)
    {
        if (arguments.Trace is { } path)
        {
            return [TraceCsv.Load(path)];
        }
        var names = arguments.Scenario == "all" ? BuiltInScenarios.Names : [arguments.Scenario];
        return names.Select(n => BuiltInScenarios.Create(n, arguments.Seed, arguments.Length)).ToList();
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
