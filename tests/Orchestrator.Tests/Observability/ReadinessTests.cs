using System.Globalization;
using System.Text.Json;
using Orchestrator.TestSupport;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>
/// Issue 15 item 2, over a real Kestrel listener: readiness answers 503 naming the dependency (the store,
/// RunPod) once it has been unreadable past the limit; liveness stays 200 while the loop turns.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task PostgreSQL_down_past_the_limit_makes_readyz_503_naming_the_store_while_livez_stays_200()
    {
        var postgres = await ThrowawayPostgres.StartAsync();
        await using var stopPostgres = postgres;
        await postgres.CreateDatabaseAsync("orchestrator");
        await postgres.LoadSchemaAsync("orchestrator");
        await using var service = await ObservedService.StartAsync(
            ("SUPABASE_DB_URL", $"postgresql://postgres@127.0.0.1:{postgres.Port.ToString(CultureInfo.InvariantCulture)}/orchestrator"),
            ("ORCHESTRATOR_POLL_SEC", "30"));
        Assert.True((await service.CycleAsync()).Succeeded);
        Assert.Equal(200, (await service.GetAsync("/readyz")).Status);

        await postgres.DisposeAsync(); // PostgreSQL stops
        var failed = await service.CycleAsync();
        Assert.Equal("store", failed.UnreadableDependency);
        service.Advance(TimeSpan.FromSeconds(30));
        var (status, body) = await service.GetAsync("/readyz");
        Assert.Equal(200, status); // unreadable for 30 s, under the default limit of 2 × 30 s
        Assert.Equal("unreadable", Json(body).GetProperty("checks").GetProperty("store").GetProperty("status").GetString());

        service.Advance(TimeSpan.FromSeconds(31));
        await service.CycleAsync();
        foreach (var path in new[] { "/readyz", "/healthz" })
        {
            (status, body) = await service.GetAsync(path);
            Assert.Equal(503, status);
            var json = Json(body);
            Assert.Equal("unreadable", json.GetProperty("status").GetString());
            Assert.StartsWith("store unreadable for 61 s", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.False(json.GetProperty("checks").GetProperty("store").GetProperty("ok").GetBoolean());
            Assert.True(json.GetProperty("checks").GetProperty("runpod").GetProperty("ok").GetBoolean());
        }
        Assert.Equal(200, (await service.GetAsync("/livez")).Status);
        var metrics = PrometheusText.Parse((await service.GetAsync("/metrics")).Body);
        Assert.Equal(0, metrics["orchestrator_dependency_readable{dependency=\"store\"}"]);
        Assert.Equal(1, metrics["orchestrator_dependency_readable{dependency=\"runpod\"}"]);
        Assert.Equal((service.Now - TimeSpan.FromSeconds(61)).ToUnixTimeSeconds(), metrics["orchestrator_dependency_unreadable_since_timestamp_seconds{dependency=\"store\"}"]);
        Assert.Equal(0, metrics["orchestrator_dependency_unreadable_since_timestamp_seconds{dependency=\"runpod\"}"]);
    }

    [Fact]
    public async Task RunPod_unreadable_past_a_configured_limit_makes_readyz_503_naming_runpod_until_a_cycle_reads_it()
    {
        await using var service = await ObservedService.StartAsync(("HEALTH_UNREADABLE_AFTER_SEC", "45"), ("HEALTH_MAX_CYCLE_AGE_SEC", "600"));
        await service.CycleAsync();
        for (var i = 0; i < 4; i++)
        {
            service.Cloud.FailNextList = true;
            Assert.Equal("cloud", (await service.CycleAsync()).UnreadableDependency);
            service.Advance(TimeSpan.FromSeconds(15));
        }
        var (status, body) = await service.GetAsync("/readyz");
        Assert.Equal(503, status);
        var json = Json(body);
        Assert.StartsWith("runpod unreadable for 60 s", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("limit 45 s", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("healthy", json.GetProperty("checks").GetProperty("cycle").GetProperty("status").GetString());
        Assert.Equal(200, (await service.GetAsync("/livez")).Status);

        await service.CycleAsync();
        Assert.Equal(200, (await service.GetAsync("/readyz")).Status);
    }

    [Fact]
    public async Task Livez_is_503_once_no_cycle_ended_within_the_max_age_and_200_when_one_does_even_failed()
    {
        await using var service = await ObservedService.StartAsync(("HEALTH_MAX_CYCLE_AGE_SEC", "100"));
        Assert.Equal(200, (await service.GetAsync("/livez")).Status);
        service.Advance(TimeSpan.FromSeconds(101));
        var (status, body) = await service.GetAsync("/livez");
        Assert.Equal(503, status);
        Assert.Equal("stalled", Json(body).GetProperty("status").GetString());
        service.Store.FailNextObserve = true;
        Assert.False((await service.CycleAsync()).Succeeded);
        Assert.Equal(200, (await service.GetAsync("/livez")).Status);
        Assert.Equal(503, (await service.GetAsync("/readyz")).Status);
    }

    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement.Clone();
}
