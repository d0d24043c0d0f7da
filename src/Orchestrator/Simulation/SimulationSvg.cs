using System.Globalization;
using System.Text;

namespace Orchestrator.Simulation;

/// <summary>
/// A self-contained SVG of each scenario over simulated time: queue depth, live pods and cumulative cost,
/// one line per policy. Written by hand (a few polylines and labels): no chart library is needed for that,
/// and the file opens in any browser or in the README without scripts or fonts.
/// </summary>
public static class SimulationSvg
{
    private const int PanelWidth = 320;
    private const int PanelHeight = 150;
    private const int Left = 48;
    private const int Top = 28;
    private const int RowHeight = PanelHeight + 62;
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c"];

    private static readonly (string Title, Func<SimulationSample, double> Value)[] Panels =
    [
        ("queued tasks", s => s.Queued),
        ("live pods", s => s.Pods),
        ("cost so far ($)", s => (double)s.CostUsd),
    ];

    public static string Render(IReadOnlyList<SideBySide> results)
    {
        var width = Left + Panels.Length * (PanelWidth + Left);
        var height = Top + 20 + results.Count * RowHeight;
        var svg = new StringBuilder();
        svg.AppendLine(I($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">"));
        svg.AppendLine(I($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>"));
        var policies = results.Count == 0 ? [] : Columns(results[0]).Select(r => r.Policy).ToList();
        for (var p = 0; p < policies.Count; p++)
        {
            svg.AppendLine(I($"<rect x=\"{Left + p * 110}\" y=\"8\" width=\"14\" height=\"4\" fill=\"{Colors[p]}\"/><text x=\"{Left + p * 110 + 18}\" y=\"14\">{policies[p]}</text>"));
        }
        for (var row = 0; row < results.Count; row++)
        {
            Row(svg, results[row], Top + 20 + row * RowHeight);
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Row(StringBuilder svg, SideBySide item, int y)
    {
        var columns = Columns(item);
        var minutes = Math.Max(1, columns.Max(c => c.Series.Count == 0 ? 0 : c.Series[^1].Minute));
        svg.AppendLine(I($"<text x=\"{Left}\" y=\"{y - 6}\" font-weight=\"bold\">{Escape(item.Scenario.Name)}: {string.Join(", ", columns.Select(c => $"{c.Policy} ${c.CostUsd:0.00}, p95 {c.WaitP95Seconds:0} s"))}</text>"));
        for (var p = 0; p < Panels.Length; p++)
        {
            var (title, value) = Panels[p];
            var x = Left + p * (PanelWidth + Left);
            var max = Math.Max(1, columns.SelectMany(c => c.Series).Select(value).DefaultIfEmpty(0).Max());
            svg.AppendLine(I($"<rect x=\"{x}\" y=\"{y}\" width=\"{PanelWidth}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#999\"/>"));
            svg.AppendLine(I($"<text x=\"{x + 4}\" y=\"{y + 12}\" fill=\"#333\">{title}</text>"));
            svg.AppendLine(I($"<text x=\"{x - 4}\" y=\"{y + 10}\" text-anchor=\"end\">{max:0.#}</text><text x=\"{x - 4}\" y=\"{y + PanelHeight}\" text-anchor=\"end\">0</text>"));
            svg.AppendLine(I($"<text x=\"{x}\" y=\"{y + PanelHeight + 14}\">0 h</text><text x=\"{x + PanelWidth}\" y=\"{y + PanelHeight + 14}\" text-anchor=\"end\">{minutes / 60.0:0.#} h</text>"));
            for (var c = 0; c < columns.Count; c++)
            {
                var points = Thin(columns[c].Series, PanelWidth)
                    .Select(s => I($"{x + s.Minute * (double)PanelWidth / minutes:0.#},{y + PanelHeight - value(s) / max * PanelHeight:0.#}"));
                svg.AppendLine(I($"<polyline fill=\"none\" stroke=\"{Colors[c]}\" stroke-width=\"1.2\" stroke-opacity=\"0.85\" points=\"{string.Join(' ', points)}\"/>"));
            }
        }
    }

    /// <summary>About one point per two pixel columns, keeping each bucket's highest value (peaks stay visible).</summary>
    private static IEnumerable<SimulationSample> Thin(IReadOnlyList<SimulationSample> series, int pixels)
    {
        var step = Math.Max(1, (int)Math.Ceiling(series.Count / (pixels / 2.0)));
        for (var i = 0; i < series.Count; i += step)
        {
            var bucket = series.Skip(i).Take(step).ToList();
            yield return bucket.MaxBy(s => s.Queued + s.Pods) with { CostUsd = bucket[^1].CostUsd };
        }
    }

    private static List<SimulationResult> Columns(SideBySide item) =>
        item.Bound is { } bound ? [item.Candidate, item.Baseline, bound] : [item.Candidate, item.Baseline];

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
