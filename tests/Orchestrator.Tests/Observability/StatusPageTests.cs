using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orchestrator.Configuration;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Orchestrator.Observability;
using Orchestrator.TestSupport;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>The status page over real loopback HTTP (issue 17 item 1): off by default, the cycles from memory and the history from the store, escaped, token-guarded.</summary>
public sealed class StatusPageTests
{
    internal const string EvilId = "<img src=x onerror=alert(1)>";
    private const string Token = "status-token-for-tests-0123456789";

    internal static Task<ObservedService> StartAsync(params (string Key, string Value)[] settings) =>
        ObservedService.StartAsync([("STATUS_PAGE_ENABLED", "true"), .. settings]);

    /// <summary>Three tasks spawn and bootstrap workers; a worker row with an HTML-looking id; one task claimed; one more cycle.</summary>
    internal static async Task BusyFleetAsync(ObservedService service)
    {
        await service.SpawnAndBootstrapAsync(3);
        await service.Store.RegisterWorkerAsync(new WorkerRegistration(EvilId, "NVIDIA L40S", service.Now, Guid.NewGuid()), CancellationToken.None);
        service.Store.AddTask("wan_2_2_i2v", service.Now);
        service.Store.ClaimNext(service.Store.Workers.First(w => w.Id != EvilId).Id, service.Now);
        await service.CycleAsync();
    }

    [Fact]
    public async Task StatusPage_is_off_by_default()
    {
        await using var service = await ObservedService.StartAsync();
        Assert.Equal(404, (await service.GetAsync("/api/status")).Status);
        Assert.Equal(404, (await service.GetAsync("/status")).Status);
    }

    [Fact]
    public async Task StatusPage_api_shows_demand_workers_breaker_spend_and_the_stored_decisions()
    {
        await using var service = await StartAsync();
        await BusyFleetAsync(service);
        var (status, body) = await service.GetAsync("/api/status");
        Assert.Equal(200, status);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.False(json.GetProperty("paused").GetBoolean());
        Assert.Equal(service.Store.TaskCounts.Queued, json.GetProperty("demand").GetProperty("queued").GetInt32()); // four tasks, nobody claims in this fake
        Assert.Equal("Closed", json.GetProperty("breaker").GetProperty("status").GetString());
        Assert.True(json.GetProperty("last_cycle").GetProperty("succeeded").GetBoolean());
        var ids = json.GetProperty("workers").EnumerateArray().Select(w => w.GetProperty("id").GetString()).ToHashSet();
        Assert.Superset(ids, service.Store.Workers.Where(w => w.State.IsLive()).Select(w => (string?)w.Id).ToHashSet());
        Assert.Contains(EvilId, ids);
        Assert.Contains(json.GetProperty("workers").EnumerateArray(), w => w.GetProperty("current_task").ValueKind == JsonValueKind.Object);
        var decisions = json.GetProperty("decisions").EnumerateArray().ToList(); // from the store's audit rows, newest first
        Assert.Contains(decisions, e => e.GetProperty("kind").GetString() == "spawn" && e.GetProperty("code").GetString() == ReasonCodes.ScaleUpDemand);
        Assert.Contains(decisions, e => e.GetProperty("kind").GetString() == "cycle" && e.GetProperty("text").GetString()!.Contains("target", StringComparison.Ordinal));
        Assert.DoesNotContain(decisions, e => e.GetProperty("reason").GetString() == "steady");
        Assert.Equal(decisions.Select(e => e.GetProperty("at").GetDateTimeOffset()).OrderByDescending(at => at), decisions.Select(e => e.GetProperty("at").GetDateTimeOffset()));
        Assert.True(json.GetProperty("spend_per_hour").GetDecimal() >= 0);
    }

    [Fact]
    public async Task StatusPage_api_shows_oldest_wait_spend_today_drain_capacity_and_backoffs()
    {
        await using var service = await StartAsync();
        var queuedAt = service.Now;
        await BusyFleetAsync(service);            // 60 s later: three workers at 0.69 $/h since 12:00, two tasks still queued since 12:00
        service.Advance(TimeSpan.FromMinutes(59)); // 13:00
        var json = JsonDocument.Parse((await service.GetAsync("/api/status")).Body).RootElement;

        Assert.Equal(queuedAt, json.GetProperty("oldest_queued_at").GetDateTimeOffset());
        Assert.Equal(3600, json.GetProperty("oldest_wait_sec").GetInt64());
        var today = json.GetProperty("spend_today");
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), today.GetProperty("since").GetDateTimeOffset());
        Assert.Equal(3 * 0.69m, today.GetProperty("amount").GetDecimal()); // three workers for an hour each (the requested row has no price)
        Assert.Null(json.GetProperty("history").GetProperty("error").GetString());
        Assert.Equal(0, json.GetProperty("drain").GetProperty("draining").GetInt32());
        Assert.All(json.GetProperty("workers").EnumerateArray(), w => Assert.Equal(WorkerCapacityKind.OnDemand, w.GetProperty("capacity").GetString()));
        Assert.Equal(0, json.GetProperty("placement_backoffs").GetArrayLength()); // the in-memory cloud has none
    }

    [Fact]
    public async Task StatusPage_api_shows_an_operator_drain_per_worker_and_the_whole_fleet_draining_when_paused()
    {
        await using var service = await StartAsync(("RUNPOD_SPOT", "true"), ("RUNPOD_BID_PER_GPU", "0.30"));
        await service.SpawnAndBootstrapAsync(2);
        var drained = service.Store.Workers.First(w => w.State == WorkerState.Bootstrapping || w.State == WorkerState.Active);
        await service.Store.ApplyAsync(new WorkerChange { WorkerId = drained.Id, From = drained.State, To = WorkerState.Draining, At = service.Now, Reason = ReasonCodes.OperatorDrain }, CancellationToken.None);
        await service.CycleAsync();
        var json = JsonDocument.Parse((await service.GetAsync("/api/status")).Body).RootElement;

        var drain = json.GetProperty("drain");
        Assert.Equal(1, drain.GetProperty("by_operator").GetInt32());
        Assert.False(drain.GetProperty("whole_fleet").GetBoolean());
        var worker = json.GetProperty("workers").EnumerateArray().Single(w => w.GetProperty("id").GetString() == drained.Id);
        Assert.True(worker.GetProperty("draining").GetBoolean());
        Assert.Equal(WorkerCapacityKind.Spot, worker.GetProperty("capacity").GetString()); // rented as spot (RUNPOD_SPOT=true): workers.metadata.spot

        await service.Store.SetPausedAsync(true, "incident", service.Now, CancellationToken.None);
        foreach (var w in service.Store.Workers.Where(w => w.State.IsCapacity()))
        {
            await service.Store.ApplyAsync(new WorkerChange { WorkerId = w.Id, From = w.State, To = WorkerState.Draining, At = service.Now, Reason = ReasonCodes.OperatorDrain }, CancellationToken.None);
        }
        service.Advance(StatusHistory.Fresh);
        await service.CycleAsync();
        json = JsonDocument.Parse((await service.GetAsync("/api/status")).Body).RootElement;
        Assert.True(json.GetProperty("drain").GetProperty("whole_fleet").GetBoolean());
    }

    [Fact]
    public async Task StatusPage_json_escapes_an_html_looking_worker_id_and_the_page_holds_no_data()
    {
        await using var service = await StartAsync();
        await BusyFleetAsync(service);
        var (_, body) = await service.GetAsync("/api/status");
        Assert.DoesNotContain("<img", body, StringComparison.Ordinal); // System.Text.Json writes \u003C
        var (status, page) = await service.GetAsync("/status");
        Assert.Equal(200, status);
        Assert.DoesNotContain("<img", page, StringComparison.Ordinal);
        Assert.DoesNotContain("innerHTML", page, StringComparison.Ordinal);
        Assert.Contains("textContent", page, StringComparison.Ordinal);
        Assert.Equal(page, (await service.GetAsync("/")).Body);
    }

    [Fact]
    public async Task StatusPage_requires_STATUS_TOKEN_when_set()
    {
        await using var service = await StartAsync(("STATUS_TOKEN", Token));
        await service.CycleAsync();
        Assert.Equal(401, (await service.GetAsync("/api/status")).Status);
        Assert.Equal(401, await StatusWith(service, new AuthenticationHeaderValue("Bearer", Token + "x"), null));
        Assert.Equal(200, await StatusWith(service, new AuthenticationHeaderValue("Bearer", Token), null));
        Assert.Equal(200, await StatusWith(service, null, $"{StatusPage.TokenCookie}={Token}"));
        var (status, page) = await service.GetAsync("/status"); // the page itself carries no data: it asks for the token
        Assert.Equal(200, status);
        Assert.DoesNotContain(Token, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusPage_refuses_to_start_on_a_non_loopback_bind_without_a_token()
    {
        var run = await CliRun.RunAsync(["run"], [.. FakeAdapters.OfflineSettings.Select(kv => (kv.Key, kv.Value!)),
            ("HEALTH_PORT", "0"), ("HEALTH_BIND_ADDRESS", "0.0.0.0"), ("STATUS_PAGE_ENABLED", "true")]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("STATUS_TOKEN", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusPage_token_is_masked_in_configuration_problems()
    {
        var run = await CliRun.RunAsync(["run"], [.. FakeAdapters.OfflineSettings.Select(kv => (kv.Key, kv.Value!)),
            ("HEALTH_PORT", "0"), ("STATUS_PAGE_ENABLED", "true"), ("STATUS_TOKEN", Token), ("HEALTH_BIND_ADDRESS", Token)]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("HEALTH_BIND_ADDRESS", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, run.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", null, true)]
    [InlineData("::1", null, true)]
    [InlineData("0.0.0.0", Token, true)]
    [InlineData("0.0.0.0", null, false)]
    [InlineData("10.0.0.5", null, false)]
    public void StatusPage_options_need_a_token_off_loopback(string bind, string? token, bool valid)
    {
        var values = new Dictionary<string, string?> { ["HEALTH_PORT"] = "8080", ["HEALTH_BIND_ADDRESS"] = bind, ["STATUS_PAGE_ENABLED"] = "true", ["STATUS_TOKEN"] = token };
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var options = ObservabilityOptions.Read(reader, TimeSpan.FromSeconds(30));
        Assert.Equal(valid, reader.Problems.Count == 0);
        Assert.True(options.StatusPageEnabled);
        Assert.Equal("***", options.StatusToken?.ToString() ?? "***"); // a Secret: never prints its value
    }

    [Fact]
    public void StatusPage_enabled_without_HEALTH_PORT_is_a_problem()
    {
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection([new("STATUS_PAGE_ENABLED", "true")]).Build());
        ObservabilityOptions.Read(reader, TimeSpan.FromSeconds(30));
        Assert.Contains(reader.Problems, p => p.Contains("HEALTH_PORT", StringComparison.Ordinal));
    }

    private static async Task<int> StatusWith(ObservedService service, AuthenticationHeaderValue? auth, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, service.Url("/api/status"));
        request.Headers.Authorization = auth;
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        using var response = await service.Http.SendAsync(request);
        return (int)response.StatusCode;
    }
}
