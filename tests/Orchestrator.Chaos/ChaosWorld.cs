using Npgsql;
using Orchestrator.Tests.RunPod;
using Orchestrator.Tests.Service;
using Orchestrator.TestSupport;

namespace Orchestrator.Chaos;

/// <summary>
/// One scenario's world: a fresh database on the shared PostgreSQL (Reigh's schema and the service's
/// migrations), the strict RunPod fake behind a <see cref="FaultProxy"/>, simulated workers, a ledger of every
/// pod, and the built <c>orchestrator run</c> processes (replicas) pointed at all of it. Pods never "boot" on the
/// fake's clock, so no SSH is involved: a worker's first heartbeat makes it active, as the state machine allows.
/// </summary>
public sealed class ChaosWorld : IAsyncDisposable
{
    private const int Users = 40;
    private readonly ThrowawayPostgres _postgres;
    private readonly string _database;
    private readonly FakeBackend _backend;
    private readonly List<ServiceProcess> _replicas = [];
    private readonly List<ServiceProcess> _retired = [];
    private readonly List<Guid> _projects = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly Dictionary<string, string> _settings;
    private int _started;
    private int _taskCount;

    private ChaosWorld(ThrowawayPostgres postgres, string database, FakeBackend backend, FaultProxy proxy, NpgsqlDataSource db, int seed, Dictionary<string, string> settings)
    {
        _postgres = postgres;
        _database = database;
        _backend = backend;
        Proxy = proxy;
        Db = db;
        _settings = settings;
        Workers = new SimulatedWorkers(db, backend.RunPod.State, seed);
        Ledger = new PodLedger(backend.RunPod.State);
        Random = new Random(seed);
    }

    public FaultProxy Proxy { get; }
    public NpgsqlDataSource Db { get; }
    public SimulatedWorkers Workers { get; }
    public PodLedger Ledger { get; }
    public Random Random { get; }
    public FakeRunPodState RunPod => _backend.RunPod.State;
    public IReadOnlyList<ServiceProcess> Replicas => _replicas;
    public ThrowawayPostgres Postgres => _postgres;

    /// <summary>The service's settings for the chaos runs: short timeouts so incidents play out in seconds.</summary>
    public static Dictionary<string, string> Settings() => new(StringComparer.Ordinal)
    {
        ["MIN_ACTIVE_GPUS"] = "0",
        ["MAX_ACTIVE_GPUS"] = "8",
        ["ORCHESTRATOR_POLL_SEC"] = "1",
        ["ORCHESTRATOR_CLUSTER_CHECKIN_SEC"] = "1",
        ["SHUTDOWN_TIMEOUT_SEC"] = "10",
        ["HEARTBEAT_TIMEOUT_SEC"] = "8",
        ["GPU_IDLE_TIMEOUT_SEC"] = "3",
        ["GPU_IDLE_TIMEOUT_QUIET_SEC"] = "3",
        ["CREATE_CONFIRM_TIMEOUT_SEC"] = "30",
        // The spawn breaker (boot/health failure rate) is its own subject: workers die here on purpose.
        ["MIN_WORKERS_FOR_RATE_CHECK"] = "100000",
        ["LOG_LEVEL"] = "INFO",
    };

    public static async Task<ChaosWorld> StartAsync(ThrowawayPostgres postgres, string name, int seed, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var database = "chaos_" + name.Replace('-', '_');
        await postgres.CreateDatabaseAsync(database).ConfigureAwait(false);
        await postgres.LoadSchemaAsync(database).ConfigureAwait(false);
        var backend = await FakeBackend.StartAsync(new FakeRunPodState { BootDelay = TimeSpan.FromDays(1) }).ConfigureAwait(false);
        var proxy = await FaultProxy.StartAsync(backend.RunPod.BaseUrl, seed).ConfigureAwait(false);
        var settings = Settings();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        var world = new ChaosWorld(postgres, database, backend, proxy, NpgsqlDataSource.Create(postgres.ConnectionString(database)), seed, settings);
        await world.AddUsersAsync().ConfigureAwait(false);
        world._loops.Add(Task.Run(() => world.Workers.RunAsync(world._stop.Token)));
        world._loops.Add(Task.Run(() => world.Ledger.RunAsync(world._stop.Token)));
        return world;
    }

    /// <summary>Starts one more <c>orchestrator run</c> (a replica, or a restart after a kill).</summary>
    public ServiceProcess StartReplica(string role)
    {
        var node = $"{role}-{Interlocked.Increment(ref _started)}";
        var environment = _backend.Environment(
            ("SUPABASE_DB_URL", _postgres.ConnectionString(_database)),
            ("RUNPOD_API_BASE_URL", new Uri(Proxy.BaseUrl, "/graphql").ToString()),
            ("RUNPOD_REST_BASE_URL", new Uri(Proxy.BaseUrl, "/v2").ToString()),
            ("ORCHESTRATOR_INSTANCE_ID", node));
        foreach (var (key, value) in _settings)
        {
            environment[key] = value;
        }
        var replica = ServiceProcess.Start(node, environment);
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync(ServiceProcess replica)
    {
        await replica.KillAsync().ConfigureAwait(false);
        _replicas.Remove(replica);
        _retired.Add(replica);
    }

    /// <summary>Waits until the running replicas have completed <paramref name="cycles"/> cycles between them.</summary>
    public Task WaitForCyclesAsync(int cycles, TimeSpan limit)
    {
        var start = _replicas.Sum(r => r.Cycles.Count);
        return Until(() => _replicas.Sum(r => r.Cycles.Count) >= start + cycles, limit, $"{cycles} cycles");
    }

    /// <summary>
    /// Waits until every running replica's scheduler has checked in to the cluster (its row in Quartz's scheduler
    /// state table), so each is past its start: a replica still starting when the database goes away is the start
    /// path (it waits, see DB_STARTUP_WAIT_SEC), not the outage under test. The clustered job runs on one replica
    /// at a time, so "a cycle from each" is no signal.
    /// </summary>
    public async Task WaitForEveryReplicaAsync(TimeSpan limit)
    {
        var nodes = _replicas.Select(r => r.Node).ToArray();
        var deadline = DateTime.UtcNow + limit;
        while (await ScalarAsync("SELECT count(*) FROM orchestrator_quartz.qrtz_scheduler_state WHERE instance_name = ANY($1)", [nodes]).ConfigureAwait(false) < nodes.Length)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up after {limit.TotalSeconds:0} s waiting for every replica's scheduler to check in");
            }
            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    /// <summary>Queues <paramref name="count"/> tasks of 2 to 6 s each (or of <paramref name="type"/>).</summary>
    public async Task AddTasksAsync(int count, string type = "travel_segment")
    {
        for (var i = 0; i < count; i++)
        {
            var project = _projects[Interlocked.Increment(ref _taskCount) % _projects.Count];
            var duration = Random.Next(2000, 6000);
            await ExecuteAsync("INSERT INTO tasks (task_type, project_id, params) VALUES ($1, $2, jsonb_build_object('duration_ms', $3::int))", type, project, duration).ConfigureAwait(false);
        }
    }

    /// <summary>Demand that comes and goes: every 4 s, 0 to 4 new tasks, for <paramref name="span"/>.</summary>
    public async Task RunDemandAsync(TimeSpan span)
    {
        var end = DateTime.UtcNow + span;
        while (DateTime.UtcNow < end)
        {
            await AddTasksAsync(Random.Next(0, 5)).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(4)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The calm after the storm: faults off, workers stop dying, no new demand; waits until every ordinary task is
    /// complete, the poison task (if any) has failed, and no pod bills, or until <paramref name="limit"/>.
    /// </summary>
    public async Task DrainAsync(TimeSpan limit)
    {
        Proxy.FaultRate = 0;
        Workers.DeathShare = 0;
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await OpenTasksAsync().ConfigureAwait(false) == 0 && RunPod.LivePods.Count == 0)
            {
                return;
            }
            await Task.Delay(500).ConfigureAwait(false);
        }
    }

    /// <summary>The figures every scenario prints, read after the drain.</summary>
    public async Task<ChaosFigures> FiguresAsync(string scenario, TimeSpan took, int blindMutations = 0)
    {
        Ledger.Sample();
        var live = RunPod.LivePods;
        var tracked = await TrackedAsync(live.Select(p => p.Name).ToArray()).ConfigureAwait(false);
        return new ChaosFigures
        {
            Scenario = scenario,
            PodsLeaked = live.Count(p => !tracked.Contains(p.Name)),
            PodsBilling = live.Count,
            DuplicatePods = Ledger.Duplicates,
            Tasks = await ScalarAsync("SELECT count(*) FROM tasks WHERE task_type <> $1", SimulatedWorkers.PoisonType).ConfigureAwait(false),
            TasksLost = await ScalarAsync("SELECT count(*) FROM tasks WHERE task_type <> $1 AND status <> 'Complete'", SimulatedWorkers.PoisonType).ConfigureAwait(false),
            BlindMutations = blindMutations,
            CreatesServed = Ledger.Created,
            ReplicasCrashed = _replicas.Count(r => r.HasExited),
            CrashEvidence = string.Join("\n", _replicas.Where(r => r.HasExited).Select(r => $"--- {r.Node} exited with code {r.ExitCode}:\n{Tail(r.Output)}")),
            Took = took,
        };
    }

    /// <summary>Ordinary tasks not complete, plus a poison task not yet failed.</summary>
    public Task<int> OpenTasksAsync() => ScalarAsync(
        "SELECT count(*) FROM tasks WHERE (task_type <> $1 AND status <> 'Complete') OR (task_type = $1 AND status <> 'Failed')", SimulatedWorkers.PoisonType);

    public async Task<int> ScalarAsync(string sql, params object[] values)
    {
        await using var command = Command(sql, values);
        return Convert.ToInt32(await command.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = Command(sql, values);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; a liveness bound, not a timing assertion.</summary>
    public static async Task Until(Func<bool> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up after {limit.TotalSeconds:0} s waiting for {what}");
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];

    private async Task<HashSet<string>> TrackedAsync(string[] names)
    {
        await using var command = Command("SELECT worker_id FROM orchestrator_workers WHERE state <> 'terminated' AND worker_id = ANY($1)", [names]);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var tracked = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            tracked.Add(reader.GetString(0));
        }
        return tracked;
    }

    private async Task AddUsersAsync()
    {
        for (var i = 0; i < Users; i++)
        {
            var user = Guid.NewGuid();
            var project = Guid.NewGuid();
            await ExecuteAsync("INSERT INTO users (id, credits) VALUES ($1, 100)", user).ConfigureAwait(false);
            await ExecuteAsync("INSERT INTO projects (id, user_id) VALUES ($1, $2)", project, user).ConfigureAwait(false);
            _projects.Add(project);
        }
    }

    private NpgsqlCommand Command(string sql, object[] values)
    {
        var command = Db.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        foreach (var replica in _replicas.Concat(_retired))
        {
            await replica.DisposeAsync().ConfigureAwait(false);
        }
        await Proxy.DisposeAsync().ConfigureAwait(false);
        await _backend.DisposeAsync().ConfigureAwait(false);
        await Db.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        NpgsqlConnection.ClearAllPools();
        await _postgres.DropDatabaseAsync(_database).ConfigureAwait(false);
    }
}
