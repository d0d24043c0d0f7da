using System.CommandLine;
using Orchestrator.Serverless;
using Orchestrator.Serverless.Commands;
using Orchestrator.Simulation;

namespace Orchestrator.Cli;

/// <summary>
/// Every command, option and argument of the executable, declared once for System.CommandLine: the parser
/// refuses unknown tokens (with the closest known one), checks every value's type and range, and writes
/// <c>--help</c> for each command with defaults and the environment variables the command reads.
/// </summary>
public static class CliTree
{
    public delegate Task<int> Handler(CommandContext context, CancellationToken cancellationToken);

    /// <summary>Global options (accepted before or after the command) and the variable each overrides.</summary>
    public static IReadOnlyDictionary<string, string> GlobalOverrides { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--log-level"] = "LOG_LEVEL",
        ["--log-format"] = "LOG_FORMAT",
    };

    /// <param name="bind">Turns a handler into the command's action (the runner adds the context).</param>
    public static RootCommand Build(Func<Handler, Func<ParseResult, CancellationToken, Task<int>>> bind)
    {
        var logLevel = new Option<string>("--log-level") { Description = "log level for this run (overrides LOG_LEVEL)", Recursive = true, HelpName = "level" };
        logLevel.AcceptOnlyFromAmong("trace", "debug", "information", "warning", "error");
        var logFormat = new Option<string>("--log-format") { Description = "log format for this run (overrides LOG_FORMAT)", Recursive = true, HelpName = "format" };
        logFormat.AcceptOnlyFromAmong("json", "text");
        var root = new RootCommand("GPU worker orchestrator: keeps a RunPod GPU fleet sized to the Supabase task queue.")
        {
            logLevel, logFormat,
        };
        CliEnvironment.Describe(root, CliEnvironment.Everything);
        Command Add(Command parent, string name, string description, Handler? handler, string env, params Symbol[] symbols)
        {
            var command = new Command(name, description);
            foreach (var symbol in symbols)
            {
                switch (symbol)
                {
                    case Option option: command.Options.Add(option); break;
                    case Argument argument: command.Arguments.Add(CliOptions.RefusingOptions(argument)); break;
                    case Command sub: command.Subcommands.Add(sub); break;
                }
            }
            if (handler is not null)
            {
                command.SetAction(bind(handler));
            }
            CliEnvironment.Describe(command, env);
            parent.Subcommands.Add(command);
            return command;
        }

        Add(root, "run", "run the control cycle as a service until SIGTERM: a Quartz job every ORCHESTRATOR_POLL_SEC, clustered across replicas, /healthz and /metrics on HEALTH_PORT",
            RunCommand.RunAsync, CliEnvironment.Service);
        Add(root, "once", "run one control cycle and exit (1 when the state could not be read)", OnceCommand.RunAsync, CliEnvironment.Service,
            CliOptions.Flag("--dry-run", "decide and report, act on nothing (no pod created or terminated, no row written)"), CliOptions.Json());
        Add(root, "status", "the fleet now: kill switch, demand, each worker (state, age, heartbeat, task, GPU, $/h); reads only the store",
            StatusCommand.RunAsync, CliEnvironment.Store, CliOptions.Json(),
            CliOptions.Flag("--watch", "redraw the view every interval until Ctrl-C (plain timestamped blocks when stdout is not a terminal)"),
            CliOptions.Seconds("--interval", "seconds between redraws with --watch", 5, 0.1, 3600),
            CliOptions.Count("--count", "with --watch: stop after N views (0: until Ctrl-C)", 0, 0, 1_000_000));
        Add(root, "check", "validate every variable and reach every dependency; one line per check (exit 1 when one fails, 2 on bad configuration)",
            CheckCommand.RunAsync, CliEnvironment.Everything, CliOptions.Json());
        Add(root, "migrate", "create or upgrade the service's tables, Quartz tables, NOTIFY trigger and REST functions (idempotent)",
            MigrateCommand.RunAsync, CliEnvironment.Store, CliOptions.Flag("--print", "write the SQL to standard output instead (for Supabase's SQL editor); reads no configuration"));
        Add(root, "drain", "mark workers draining; the next cycle terminates their pods and settles their tasks", DrainCommand.RunAsync, CliEnvironment.Store,
            CliOptions.Flag("--all", "every live worker"), new Argument<string[]>("worker-id") { Description = "workers to drain (or --all)", Arity = ArgumentArity.ZeroOrMore });
        Add(root, "pause", "stop new spawns (the kill switch in the database, read by every replica)", PauseCommand.PauseAsync, CliEnvironment.Store,
            CliOptions.Text("--reason", "recorded with the switch [default: operator pause]", "text"), CliOptions.Flag("--drain", "also drain the whole fleet"));
        Add(root, "resume", "allow spawns again", PauseCommand.ResumeAsync, CliEnvironment.Store,
            CliOptions.Text("--reason", "recorded with the switch [default: operator resume]", "text"));
        AddRunPodCommands(root, Add);
        Add(root, "healthcheck", "exit 0 when /healthz on HEALTH_PORT answers 200 (the container's HEALTHCHECK); 1 unhealthy, 2 no listener configured",
            HealthCheckCommand.RunAsync, CliEnvironment.Health, CliOptions.Seconds("--timeout", "how long to wait for the answer", 5, 0.1, 300));
        AddSimulatorCommands(root, Add);
        AddServerlessCommands(root, Add);
        Add(root, "help", "show this help", (context, _) => HelpAsync(root, context), "");
        return root;
    }

    private static void AddRunPodCommands(RootCommand root, Func<Command, string, string, Handler?, string, Symbol[], Command> add)
    {
        var pods = add(root, "pods", "our RunPod pods (name prefix WORKER_NAME_PREFIX)", null, CliEnvironment.RunPod, []);
        add(pods, "list", "our pods with status, age, $/h, SSH endpoint and the worker row's state", PodsCommand.ListCommandAsync, CliEnvironment.RunPod,
            [CliOptions.Json()]);
        add(pods, "terminate", "terminate one of our pods and poll until RunPod no longer lists it", PodsCommand.TerminateCommandAsync, CliEnvironment.RunPod,
            [new Argument<string>("pod") { Description = "pod id or worker id (the pod's name)" }, CliOptions.Seconds("--timeout", "how long to poll", 120, 1, 3600)]);
        add(root, "gpu-types", "RunPod GPU types: id, name, memory, price, minimum bid, stock", GpuTypesCommand.RunAsync, CliEnvironment.RunPod,
            [CliOptions.Flag("--community", "community cloud prices instead of secure"), CliOptions.Json()]);
        var workers = add(root, "workers", "one worker's pod over SSH (read-only)", null, CliEnvironment.Ssh, []);
        add(workers, "ssh-check", "run the pod verification (/workspace, checkout, nvidia-smi, python) and print each result", WorkersSshCommand.CheckCommandAsync,
            CliEnvironment.Ssh, [new Argument<string>("worker") { Description = "worker id (the pod's name) or pod id" }]);
        add(workers, "logs", "print the tail of the worker's log on its pod", WorkersSshCommand.LogsCommandAsync, CliEnvironment.Ssh,
            [new Argument<string>("worker") { Description = "worker id (the pod's name) or pod id" }, CliOptions.Count("--lines", "lines to print [default: WORKER_LOG_TAIL_LINES]", 0, 0, 100_000)]);
    }

    private static void AddSimulatorCommands(RootCommand root, Func<Command, string, string, Handler?, string, Symbol[], Command> add)
    {
        add(root, "simulate", "replay demand through the real control cycle against simulated RunPod, SSH and workers; the configured policy beside the legacy one (no credentials)",
            SimulateCommand.RunAsync, CliEnvironment.Policy,
            [CliOptions.Choice("--scenario", "built-in scenario", "all", ["all", .. BuiltInScenarios.Names]),
             CliOptions.Text("--trace", "replay a CSV trace instead (columns in docs/simulator.md)", "file.csv"),
             CliOptions.Count("--seed", "random seed; the same seed gives the same report", 1, int.MinValue, int.MaxValue),
             CliOptions.Text("--speed", "max, or virtual seconds per real second (streams the service's logs) [default: max]", "max|N"),
             CliOptions.Number("--hours", "length of a built-in scenario [default: the scenario's own]", 0, 0, 744, "hours"),
             CliOptions.Json(), CliOptions.Flag("--markdown", "print the report as a markdown table"),
             CliOptions.Text("--svg", "also write a self-contained SVG chart (queue depth, pods, cost so far per policy over time)", "report.svg"),
             CliOptions.Count("--scale", "replay each scenario's demand N times over (set MAX_ACTIVE_GPUS to match)", 1, 1, 1000),
             CliOptions.Number("--spot-interruptions-per-hour", "interruptions per spot pod-hour outside droughts (with RUNPOD_SPOT)", 0.1, 0, 100, "rate"),
             new Option<string[]>("--sweep") { Description = "replay every combination of these values of a numeric setting (repeatable) and print the cost/p95 frontier", HelpName = "NAME=v1,v2,..." }]);
        add(root, "bench-policy", "policy cost and wait on every built-in scenario, both policies, seeds 1..N (numbers, not a test)",
            BenchPolicyCommand.RunAsync, CliEnvironment.Policy,
            [CliOptions.Count("--seeds", "seeds per scenario", 5, 1, 100), CliOptions.Number("--hours", "length of each replay", 24, 0.01, 744, "hours")]);
    }

    private static void AddServerlessCommands(RootCommand root, Func<Command, string, string, Handler?, string, Symbol[], Command> add)
    {
        static Option<string> Endpoint() => CliOptions.Text("--endpoint-id", "serverless endpoint [default: RUNPOD_ENDPOINT_ID]", "id");
        static Argument<string> Job() => new("job-id") { Description = "the job's id as returned by submit" };
        var serverless = add(root, "serverless", "RunPod Serverless jobs (ComfyUI workflows), beside the control cycle", null, CliEnvironment.Serverless, []);
        add(serverless, "submit", "submit a ComfyUI workflow with reference images, wait (cancel on timeout), save the images", SubmitCommand.RunAsync, CliEnvironment.Serverless,
            [CliOptions.Text("--workflow", "the workflow JSON file (required)", "wf.json"),
             new Option<string[]>("--images") { Description = "reference images (repeatable, several per flag)", AllowMultipleArgumentsPerToken = true, HelpName = "file" },
             CliOptions.Text("--images-dir", "every image in this folder", "dir"), CliOptions.Text("--output", "where images are saved [default: output]", "dir"),
             new Option<string>("--timeout") { Description = "seconds to wait [default: MAX_POLLING_DURATION]", HelpName = "seconds" },
             new Option<string>("--poll-interval") { Description = "seconds between status polls [default: POLLING_INTERVAL]", HelpName = "seconds" },
             Endpoint(), CliOptions.Flag("--sync", "use /runsync"), CliOptions.Json()]);
        add(serverless, "status", "a job's status", JobCommands.StatusAsync, CliEnvironment.Serverless, [Job(), Endpoint(), CliOptions.Json()]);
        add(serverless, "cancel", "cancel a job", JobCommands.CancelAsync, CliEnvironment.Serverless, [Job(), Endpoint(), CliOptions.Json()]);
        add(serverless, "health", "the endpoint's workers and job counts (JSON)", JobCommands.HealthAsync, CliEnvironment.Serverless, [Endpoint()]);
        add(serverless, "purge-queue", "drop every queued job of the endpoint", JobCommands.PurgeQueueAsync, CliEnvironment.Serverless, [Endpoint()]);
        var mode = CliOptions.Choice("--mode", "which endpoint serves the request", "regular", [.. ServerlessOptions.Modes]);
        add(root, "generate", "one request through the pod-first router with serverless fallback; prints the normalised result as JSON",
            GenerateCommand.RunAsync, CliEnvironment.Serverless,
            [CliOptions.Text("--payload", "the request JSON file (required)", "p.json"), mode, CliOptions.Text("--output", "where images are saved", "dir")]);
    }

    private static async Task<int> HelpAsync(RootCommand root, CommandContext context)
    {
        await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error }).ConfigureAwait(false);
        await CliEnvironment.WriteAsync(root, context.Out).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
