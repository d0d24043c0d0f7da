using System.CommandLine;
using System.Runtime.CompilerServices;

namespace Orchestrator.Cli;

/// <summary>
/// The environment variables each command reads, printed under its <c>--help</c> (System.CommandLine's help
/// lists options; configuration here comes from the environment, so help names it too). Every variable is
/// in deploy/orchestrator.env.example with its default; <c>check</c> validates them all.
/// </summary>
public static class CliEnvironment
{
    public const string Store = """
          SUPABASE_DB_URL (or DATABASE_URL)   the Postgres URL (the Supabase pooler URI works); or instead:
          SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY   Supabase over HTTPS (REST store)
          LOG_LEVEL (information), LOG_FORMAT (json)
        """;

    public const string RunPod = """
          RUNPOD_API_KEY          required
          RUNPOD_API              graphql (default) or rest
          WORKER_NAME_PREFIX      our pods' name prefix (gpu-)
          SUPABASE_DB_URL         optional: shows each pod's worker row
        """;

    public const string Ssh = """
          RUNPOD_API_KEY                                     to find the pod
          RUNPOD_SSH_PRIVATE_KEY or RUNPOD_SSH_PRIVATE_KEY_PATH   the key the pods accept
          SSH_USER (root), SSH_CONNECT_TIMEOUT_SEC (10), SSH_COMMAND_TIMEOUT_SEC (60), WORKER_LOG_TAIL_LINES (50)
        """;

    public const string Service = """
          store:   SUPABASE_DB_URL (or DATABASE_URL), or SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY
          RunPod:  RUNPOD_API_KEY, RUNPOD_API (graphql), RUNPOD_GPU_TYPE, RUNPOD_WORKER_IMAGE, RUNPOD_STORAGE_NAME
          SSH:     RUNPOD_SSH_PRIVATE_KEY or RUNPOD_SSH_PRIVATE_KEY_PATH, SSH_USER (root)
          fleet:   MIN_ACTIVE_GPUS (2), MAX_ACTIVE_GPUS (10), MACHINES_TO_KEEP_IDLE (0), GPU_IDLE_TIMEOUT_SEC (450),
                   MAX_SPAWNS_PER_CYCLE (10), MAX_POD_CREATES_PER_MINUTE (20), MAX_HOURLY_SPEND_USD (no cap),
                   SCALING_POLICY (default)
          spot:    RUNPOD_SPOT (false; true, or mixed: the floor on demand, the burst spot), RUNPOD_BID_PER_GPU (required with spot),
                   RUNPOD_SPOT_MAX_INTERRUPTIONS_PER_HOUR (3), RUNPOD_SPOT_FALLBACK_SEC (900)
          cycle:   ORCHESTRATOR_POLL_SEC (30), HEALTH_PORT (off), LOG_LEVEL (information), LOG_FORMAT (json)
          service: DB_STARTUP_WAIT_SEC (120: run waits this long for a database it cannot reach), SHUTDOWN_TIMEOUT_SEC (30)
          every variable with its default: deploy/orchestrator.env.example; 'orchestrator check' validates them
        """;

    public const string Everything = """
          every variable with its default is in deploy/orchestrator.env.example; 'orchestrator <command> --help'
          names the ones a command reads; 'orchestrator check' validates all of them
        """;

    public const string Health = """
          HEALTH_PORT (required here), HEALTH_BIND_ADDRESS (127.0.0.1)
        """;

    public const string Policy = """
          the service's policy variables, exactly as 'run' reads them: MIN_ACTIVE_GPUS (2), MAX_ACTIVE_GPUS (10),
          MACHINES_TO_KEEP_IDLE (0), GPU_IDLE_TIMEOUT_SEC (450), GPU_IDLE_TIMEOUT_QUIET_SEC (30),
          IDLE_KEEP_PER_EXPECTED_ARRIVAL (0.3), SCALE_UP_QUEUE_PER_BUSY (0.4), MAX_SPAWNS_PER_CYCLE (10),
          REPLACE_DEAR_IDLE_AFTER_SEC (900), REPLACE_DEAR_BACKOFF_SEC (1800),
          SCALING_POLICY (default), the timeouts (SPAWNING_TIMEOUT_SEC, HEARTBEAT_TIMEOUT_SEC, ...), spot as 'run' reads it:
          RUNPOD_SPOT (false|true|mixed), RUNPOD_BID_PER_GPU, RUNPOD_SPOT_MAX_INTERRUPTIONS_PER_HOUR, RUNPOD_SPOT_FALLBACK_SEC;
          no credentials
        """;

    public const string Serverless = """
          RUNPOD_API_KEY, RUNPOD_ENDPOINT_ID (or --endpoint-id), RUNPOD_SERVER_100_ID / _150_ID / _SCHNELL_ID / _POSTER_ID,
          SB_SPOT_URL (pod route), POLLING_INTERVAL, MAX_POLLING_DURATION, SYNC_TIMEOUT (see docs/serverless.md)
        """;

    private static readonly ConditionalWeakTable<Command, string> Texts = [];

    public static void Describe(Command command, string text)
    {
        if (text.Length > 0)
        {
            Texts.AddOrUpdate(command, text);
        }
    }

    /// <summary>The environment section of a command's help (after System.CommandLine's own help text).</summary>
    public static async Task WriteAsync(Command command, TextWriter output)
    {
        if (Texts.TryGetValue(command, out var text))
        {
            await output.WriteLineAsync("Environment:").ConfigureAwait(false);
            await output.WriteLineAsync(text.TrimEnd()).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
        }
    }
}
