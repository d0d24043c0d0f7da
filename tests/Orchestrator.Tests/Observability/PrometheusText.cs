using System.Globalization;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>A strict reader of the Prometheus text format for assertions: samples by their exact series key.</summary>
internal static class PrometheusText
{
    private static readonly string[] MetricTypes = ["counter", "gauge", "histogram", "summary", "untyped"];

    /// <summary>Series key (<c>name{label="v",...}</c> as written) → value. Fails on malformed or undeclared lines.</summary>
    public static Dictionary<string, double> Parse(string text)
    {
        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.True(helped.Add(line.Split(' ')[2]), $"HELP twice: {line}");
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Contains(parts[3], MetricTypes);
                Assert.True(declared.TryAdd(parts[2], parts[3]), $"TYPE twice: {line}");
                continue;
            }
            var space = line.LastIndexOf(' ');
            var key = line[..space];
            var name = key.Split('{')[0];
            Assert.Matches("^[a-zA-Z_:][a-zA-Z0-9_:]*$", name);
            Assert.True(declared.ContainsKey(name) || declared.ContainsKey(Family(name)), $"sample before its TYPE: {line}");
            Assert.StartsWith("orchestrator_", name, StringComparison.Ordinal);
            var raw = line[(space + 1)..];
            var value = raw == "+Inf" ? double.PositiveInfinity : double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(samples.TryAdd(key, value), $"duplicate series: {key}");
        }
        Assert.Equal(declared.Keys.Order(), helped.Order());
        return samples;
    }

    private static string Family(string name)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }
        return name;
    }
}
