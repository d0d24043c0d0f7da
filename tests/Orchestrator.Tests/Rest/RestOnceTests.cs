using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Orchestrator.Cli;
using Orchestrator.Tests.RunPod;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Rest;

/// <summary>
/// End to end through <see cref="CommandRunner"/>: with only SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY the
/// service decides and acts as it does with SUPABASE_DB_URL on the same data.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RestOnceTests(PostgresFixture postgres)
{
    private static readonly string[] Volatile = ["cycle_id", "started_at", "duration_ms"];

    [Fact]
    public async Task Dry_run_prints_the_same_decision_over_rest_as_over_the_database_url()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        await SeedAsync(bed.Db, bed.Project);

        var (restExit, rest, restError) = await OnceAsync(Rest(bed), "--dry-run");
        var (sqlExit, sql, sqlError) = await OnceAsync(Sql(bed.Db), "--dry-run");

        Assert.True(restExit == ExitCodes.Ok, restError);
        Assert.True(sqlExit == ExitCodes.Ok, sqlError);
        Assert.Equal(Stable(sql).ToJsonString(), Stable(rest).ToJsonString());
        var demand = rest["demand"]!;
        Assert.Equal((5, 3, "reigh-eligible"), ((int)demand["queued"]!, (int)demand["claimable"]!, (string)demand["source"]!));
        Assert.Equal(3, (int)rest["decision"]!["spawn"]!);
        Assert.Equal(0L, await bed.Db.ScalarAsync<long>("SELECT count(*) FROM orchestrator_events"));
    }

    [Fact]
    public async Task A_real_cycle_over_rest_writes_what_the_database_url_cycle_writes()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        await using var twin = await postgres.CreateDatabaseAsync();
        await SeedAsync(bed.Db, bed.Project);
        await SeedAsync(twin, await twin.AddUserAsync(credits: 100));

        var (restExit, rest, restError) = await OnceAsync(Rest(bed));
        var (sqlExit, sql, sqlError) = await OnceAsync(Sql(twin));

        Assert.True(restExit == ExitCodes.Ok, restError);
        Assert.True(sqlExit == ExitCodes.Ok, sqlError);
        Assert.Equal(3, (int)rest["actions"]!["spawned"]!);
        Assert.Equal(Stable(sql)["actions"]!.ToJsonString(), Stable(rest)["actions"]!.ToJsonString());
        const string state = """
            SELECT string_agg(x, ',' ORDER BY x) FROM (
              SELECT 'w:' || o.state || '/' || w.status AS x FROM orchestrator_workers o JOIN workers w ON w.id = o.worker_id
              UNION ALL SELECT 'e:' || kind || '/' || reason FROM orchestrator_events
              UNION ALL SELECT 't:' || status::text || '/' || attempts FROM tasks) s
            """;
        Assert.Equal(await twin.ScalarAsync<string>(state), await bed.Db.ScalarAsync<string>(state));
    }

    [Fact]
    public async Task The_service_key_never_appears_in_a_url_or_in_the_output()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        await SeedAsync(bed.Db, bed.Project);

        var (exit, json, error) = await OnceAsync(Rest(bed));

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.NotEmpty(bed.Gateway.Requests);
        Assert.All(bed.Gateway.Requests, r => Assert.DoesNotContain(SupabaseGateway.ServiceKey, r.PathAndQuery));
        Assert.All(bed.Gateway.Requests, r => Assert.Contains("Bearer " + SupabaseGateway.ServiceKey, r.Headers));
        Assert.DoesNotContain(SupabaseGateway.ServiceKey, json.ToJsonString() + error);
    }

    /// <summary>3 claimable tasks, one too old, one of a user without credits, and a worker whose pod is gone.</summary>
    private static async Task SeedAsync(StoreTestDatabase db, Guid project)
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 1; i <= 3; i++)
        {
            await db.AddTaskAsync(project, "travel_segment", now.AddMinutes(-i));
        }
        await db.AddTaskAsync(project, "travel_segment", now.AddDays(-3));
        await db.AddTaskAsync(await db.AddUserAsync(credits: 0), "travel_segment", now.AddDays(-2));
    }

    private static Dictionary<string, string?> Rest(RestTestBed bed) => new()
    {
        ["SUPABASE_URL"] = bed.Gateway.Url.ToString(),
        ["SUPABASE_SERVICE_ROLE_KEY"] = SupabaseGateway.ServiceKey,
    };

    private static Dictionary<string, string?> Sql(StoreTestDatabase db) => new() { ["SUPABASE_DB_URL"] = db.ConnectionString };

    /// <summary>One <c>once --json</c> with its own loopback RunPod, so the two runs compared see the same empty cloud.</summary>
    private static async Task<(int Exit, JsonObject Json, string Error)> OnceAsync(Dictionary<string, string?> store, params string[] flags)
    {
        await using var backend = await FakeBackend.StartAsync();
        var settings = backend.Settings([.. store.Select(kv => (kv.Key, kv.Value))]);
        settings["MIN_ACTIVE_GPUS"] = "0";
        settings["LOG_LEVEL"] = "ERROR";
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandRunner.RunAsync(["once", "--json", .. flags], output, error, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return (exit, output.ToString().Length == 0 ? [] : (JsonObject)JsonNode.Parse(output.ToString())!, error.ToString());
    }

    private static JsonObject Stable(JsonObject report)
    {
        var copy = (JsonObject)report.DeepClone();
        foreach (var name in Volatile)
        {
            copy.Remove(name);
        }
        return copy;
    }
}
