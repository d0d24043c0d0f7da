using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using YamlDotNet.Serialization;

namespace Orchestrator.Tests.Observability;

/// <summary>
/// deploy/grafana/orchestrator-dashboard.json and deploy/prometheus/orchestrator-alerts.yml: promtool
/// accepts the rules and every dashboard query, and every metric they name is exposed by /metrics.
/// </summary>
public sealed partial class MonitoringAssetsTests
{
    private const string RulesPath = "deploy/prometheus/orchestrator-alerts.yml";
    private const string DashboardPath = "deploy/grafana/orchestrator-dashboard.json";

    [Fact]
    public void Promtool_check_rules_passes_and_the_required_alerts_exist()
    {
        var (exitCode, output) = Promtool.Run(null, "check", "rules", RepoFiles.PathOf(RulesPath));
        Assert.True(exitCode == 0, $"promtool check rules exited {exitCode}:\n{output}");
        var alerts = Rules().Select(r => (string)r["alert"]).ToList();
        Assert.Equal(
            ["OrchestratorBootstrapFailureRate", "OrchestratorBreakerOpen", "OrchestratorCycleStale", "OrchestratorDependencyUnreadable",
             "OrchestratorPodBillingWithoutRow", "OrchestratorQueueWaitHigh", "OrchestratorRunPodContractRefusal", "OrchestratorRunPodErrors", "OrchestratorRunPodInsufficientBalance", "OrchestratorSpendNearCap"],
            alerts.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_dashboard_query_is_valid_promql_and_the_required_panels_exist()
    {
        var queries = DashboardQueries().ToList();
        Assert.True(queries.Count >= 14, $"{queries.Count} queries");
        // promtool has no expression checker: each query becomes a recording rule in a throwaway rules file.
        var rules = new Dictionary<string, object>
        {
            ["groups"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = "dashboard",
                    ["rules"] = queries.Select((q, i) => new Dictionary<string, string> { ["record"] = $"dashboard:query_{i}", ["expr"] = Concrete(q.Expr) }).ToList(),
                },
            },
        };
        var path = Path.Combine(Path.GetTempPath(), $"dashboard-queries-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, new SerializerBuilder().Build().Serialize(rules));
        try
        {
            var (exitCode, output) = Promtool.Run(null, "check", "rules", path);
            Assert.True(exitCode == 0, $"promtool check rules (dashboard queries) exited {exitCode}:\n{output}");
        }
        finally
        {
            File.Delete(path);
        }
        var titles = queries.Select(q => q.Panel).ToHashSet(StringComparer.Ordinal);
        foreach (var required in new[] { "Queue depth", "Task wait, queued to claimed", "Pods by state", "Spend per hour against the cap", "Cycle duration",
                     "RunPod call errors by kind", "Bootstrap outcomes", "Breaker" })
        {
            Assert.Contains(required, titles);
        }
    }

    [Fact]
    public async Task Every_metric_the_dashboard_and_the_rules_name_is_exposed_by_metrics()
    {
        await using var service = await ObservedService.StartAsync(("HEARTBEAT_TIMEOUT_SEC", "120"), ("MAX_HOURLY_SPEND_USD", "20"));
        var exposed = PrometheusText.Parse(await MetricsScenario.RunAsync(service)).Keys.Select(k => k.Split('{')[0]).ToHashSet(StringComparer.Ordinal);
        var named = DashboardQueries().Select(q => q.Expr).Concat(Rules().Select(r => (string)r["expr"]))
            .SelectMany(e => MetricName().Matches(e).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(named.Count >= 15, string.Join(", ", named));
        Assert.Empty(named.Except(exposed).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<Dictionary<object, object>> Rules()
    {
        var root = new DeserializerBuilder().Build().Deserialize<Dictionary<string, List<Dictionary<object, object>>>>(RepoFiles.Read(RulesPath));
        return root["groups"].SelectMany(g => ((List<object>)g["rules"]).Cast<Dictionary<object, object>>());
    }

    private static List<(string Panel, string Expr)> DashboardQueries()
    {
        using var doc = JsonDocument.Parse(RepoFiles.Read(DashboardPath));
        var result = new List<(string, string)>();
        foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                result.Add((panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!));
            }
        }
        return result;
    }

    /// <summary>Grafana's interval variables replaced by durations, so Prometheus's parser can read the query.</summary>
    private static string Concrete(string expr) =>
        expr.Replace("$__rate_interval", "5m", StringComparison.Ordinal).Replace("$__range", "1h", StringComparison.Ordinal).Replace("$__interval", "1m", StringComparison.Ordinal);

    [GeneratedRegex("orchestrator_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
