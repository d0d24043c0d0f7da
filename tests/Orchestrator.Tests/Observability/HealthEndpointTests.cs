using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orchestrator.Cli;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>/healthz over real loopback HTTP, driven by real cycles on a manual clock.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_is_503_starting_before_the_first_cycle()
    {
        await using var service = await ObservedService.StartAsync();
        var (status, body) = await service.GetAsync("/healthz");
        Assert.Equal(503, status);
        Assert.Equal("starting", Json(body).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_is_200_starting_inside_the_startup_grace_then_503()
    {
        await using var service = await ObservedService.StartAsync(("HEALTH_STARTUP_GRACE_SEC", "60"));
        Assert.Equal(200, (await service.GetAsync("/healthz")).Status);
        service.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(503, (await service.GetAsync("/healthz")).Status);
    }

    [Fact]
    public async Task Healthz_is_200_after_a_successful_cycle_and_503_once_stale()
    {
        await using var service = await ObservedService.StartAsync(("ORCHESTRATOR_POLL_SEC", "30"));
        Assert.True((await service.CycleAsync()).Succeeded);
        service.Advance(TimeSpan.FromSeconds(20));
        var (status, body) = await service.GetAsync("/healthz");
        Assert.Equal(200, status);
        var json = Json(body);
        Assert.Equal("healthy", json.GetProperty("status").GetString());
        Assert.Equal(20, json.GetProperty("last_cycle_age_s").GetDouble());

        service.Advance(TimeSpan.FromSeconds(71)); // default limit: max(3 × 30 s, 90 s) = 90 s
        (status, body) = await service.GetAsync("/healthz");
        Assert.Equal(503, status);
        Assert.Equal("stale", Json(body).GetProperty("status").GetString());

        await service.CycleAsync();
        Assert.Equal(200, (await service.GetAsync("/healthz")).Status);
    }

    [Fact]
    public async Task A_failed_cycle_after_a_recent_success_stays_healthy_and_counts_failures()
    {
        await using var service = await ObservedService.StartAsync(("HEALTH_MAX_CYCLE_AGE_SEC", "100"));
        await service.CycleAsync();
        service.Advance(TimeSpan.FromSeconds(30));
        service.Store.FailNextObserve = true;
        Assert.False((await service.CycleAsync()).Succeeded);
        var (status, body) = await service.GetAsync("/healthz");
        Assert.Equal(200, status);
        Assert.Equal(1, Json(body).GetProperty("consecutive_failures").GetInt32());
        service.Advance(TimeSpan.FromSeconds(71));
        Assert.Equal(503, (await service.GetAsync("/healthz")).Status);
    }

    [Fact]
    public async Task Failures_before_any_success_are_503_failing()
    {
        await using var service = await ObservedService.StartAsync();
        service.Store.FailNextObserve = true;
        await service.CycleAsync();
        var (status, body) = await service.GetAsync("/healthz");
        Assert.Equal(503, status);
        Assert.Equal("failing", Json(body).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Unknown_paths_are_404_and_writes_are_405()
    {
        await using var service = await ObservedService.StartAsync();
        Assert.Equal(404, (await service.GetAsync("/")).Status);
        using var post = await service.Http.PostAsync(service.Url("/healthz"), new StringContent(""));
        Assert.Equal(405, (int)post.StatusCode);
    }

    [Fact]
    public async Task Healthcheck_command_exits_0_when_healthy_1_when_not_or_unreachable_2_without_a_port()
    {
        await using var service = await ObservedService.StartAsync();
        var port = service.Health.BoundPort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await HealthCheck(("HEALTH_PORT", port), ("HEALTH_BIND_ADDRESS", "0.0.0.0")));
        await service.CycleAsync();
        Assert.Equal(0, await HealthCheck(("HEALTH_PORT", port), ("HEALTH_BIND_ADDRESS", "0.0.0.0")));
        Assert.Equal(1, await HealthCheck(("HEALTH_PORT", ClosedPort())));
        Assert.Equal(2, await HealthCheck()); // no HEALTH_PORT: bad configuration
    }

    private static async Task<int> HealthCheck(params (string Key, string Value)[] settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        return await CommandRunner.RunAsync(["healthcheck", "--timeout", "10"], new StringWriter(), new StringWriter(), config);
    }

    private static string ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement.Clone();
}
