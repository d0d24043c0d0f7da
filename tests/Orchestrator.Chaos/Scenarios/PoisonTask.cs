using System.Diagnostics;
using Orchestrator.TestSupport;

namespace Orchestrator.Chaos.Scenarios;

/// <summary>
/// A task that kills every worker that takes it, among ordinary tasks: each death is noticed (stale heartbeat),
/// the pod fenced, the task requeued with one more attempt, until MAX_TASK_ATTEMPTS fails it with a reason.
/// The ordinary tasks are all served meanwhile.
/// </summary>
public sealed class PoisonTask : IChaosScenario
{
    public string Name => "poison-task";
    public bool InShortForm => true;

    public async Task<IReadOnlyList<ChaosFigures>> RunAsync(ThrowawayPostgres postgres, ChaosScale scale, TextWriter progress)
    {
        var clock = Stopwatch.StartNew();
        await using var world = await ChaosWorld.StartAsync(postgres, Name, scale.Seed).ConfigureAwait(false);
        world.StartReplica("poison");
        await world.WaitForCyclesAsync(1, TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        await world.AddTasksAsync(1, SimulatedWorkers.PoisonType).ConfigureAwait(false);
        await world.AddTasksAsync(6).ConfigureAwait(false);
        await world.DrainAsync(scale.Drain).ConfigureAwait(false);
        var figures = await world.FiguresAsync(Name, clock.Elapsed).ConfigureAwait(false);
        await using var command = world.Db.CreateCommand("SELECT status::text, attempts, coalesce(error_message, '') FROM tasks WHERE task_type = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = SimulatedWorkers.PoisonType });
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        var (status, attempts, error) = (reader.GetString(0), reader.GetInt32(1), reader.GetString(2));
        List<string> broken = [];
        if (status != "Failed" || error.Length == 0)
        {
            broken.Add($"the poison task ended {status} with reason '{error}'");
        }
        return [figures with
        {
            Detail = $"poison task {status} after {attempts} attempts ('{error}'), worker deaths {world.Workers.Deaths}",
            ScenarioBroken = broken,
        }];
    }
}
