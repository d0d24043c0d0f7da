using System.Text.Json;
using Orchestrator.Core.Domain;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>
/// The status page on the throwaway database (the PostgreSQL store): a service that just started, before its first
/// cycle, shows the decisions, the spend since midnight UTC and the oldest wait that another process left in the store.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StatusPageStoreTests(PostgresFixture postgres)
{
    /// <summary>A first service spawns a worker per queued task and stops; a second starts on the same database an hour later.</summary>
    internal static async Task<(ObservedService Second, IReadOnlyList<string> Spawned)> RestartedAsync(StoreTestDatabase db)
    {
        var project = await db.AddUserAsync();
        IReadOnlyList<string> spawned;
        await using (var first = await StatusPageTests.StartAsync(("SUPABASE_DB_URL", db.ConnectionString)))
        {
            await db.AddTaskAsync(project, "travel_segment", first.Now);
            await db.AddTaskAsync(project, "travel_segment", first.Now);
            await first.CycleAsync();
            spawned = [.. first.Cloud.Pods.Select(p => p.Name)];
        }
        var second = await StatusPageTests.StartAsync(("SUPABASE_DB_URL", db.ConnectionString));
        second.Advance(TimeSpan.FromHours(1));
        return (second, spawned);
    }

    [Fact]
    public async Task StatusPage_of_a_restarted_service_shows_the_stored_decisions_spend_and_oldest_wait_before_its_first_cycle()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var (second, spawned) = await RestartedAsync(db);
        await using var _ = second;

        var json = JsonDocument.Parse((await second.GetAsync("/api/status")).Body).RootElement;

        Assert.Equal(JsonValueKind.Null, json.GetProperty("last_cycle").ValueKind); // nothing in this process's memory
        Assert.Equal(2, spawned.Count);
        var decisions = json.GetProperty("decisions").EnumerateArray().ToList();
        foreach (var id in spawned)
        {
            Assert.Contains(decisions, d => d.GetProperty("kind").GetString() == "spawn" && d.GetProperty("worker_id").GetString() == id
                && d.GetProperty("code").GetString() == ReasonCodes.ScaleUpDemand);
        }
        Assert.Equal(2 * 0.69m, json.GetProperty("spend_today").GetProperty("amount").GetDecimal()); // two workers, 12:00 to 13:00
        Assert.Equal(3600, json.GetProperty("oldest_wait_sec").GetInt64());
        Assert.Null(json.GetProperty("history").GetProperty("error").GetString());
    }
}
