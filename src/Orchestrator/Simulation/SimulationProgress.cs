using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Simulation;

/// <summary>
/// Progress of running replays, written to standard error: on a terminal one bar redrawn in place (at most
/// five times a second); otherwise plain lines at each quarter of each replay. Every finished replay gets a
/// line with its wall time and its time per 1,000 tasks. Thread-safe: replays run side by side.
/// </summary>
public sealed class SimulationProgress(TextWriter writer, bool terminal, int replays)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string, string), double> _fractions = [];
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private int _done;

    public void Advance(string scenario, string policy, double fraction)
    {
        lock (_gate)
        {
            var key = (scenario, policy);
            var before = _fractions.GetValueOrDefault(key);
            _fractions[key] = fraction;
            if (terminal)
            {
                if (_sinceDraw.ElapsedMilliseconds >= 200)
                {
                    Draw();
                }
            }
            else if ((int)(fraction * 4) > (int)(before * 4) && fraction < 1)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"simulate: {scenario}/{policy} {(int)(fraction * 4) * 25} % of simulated time"));
            }
        }
    }

    public void Finished(SimulationResult result)
    {
        lock (_gate)
        {
            _done++;
            _fractions.Remove((result.Scenario, result.Policy));
            writer.WriteLine((terminal ? "\r\u001b[K" : "") + string.Create(CultureInfo.InvariantCulture,
                $"simulate: {result.Scenario}/{result.Policy} done ({_done}/{replays}): {Replay(result.ReplayTime, result.TasksTotal)}"));
            if (terminal && _fractions.Count > 0)
            {
                Draw();
            }
        }
    }

    /// <summary>Replay time per policy over all scenarios, and per 1,000 tasks.</summary>
    public static string Summary(IReadOnlyList<SideBySide> results)
    {
        var all = results.SelectMany(r => r.Bound is null ? new[] { r.Candidate, r.Baseline } : [r.Candidate, r.Baseline, r.Bound]);
        var lines = all.GroupBy(r => r.Policy).Select(g => $"{g.Key} {Replay(TimeSpan.FromTicks(g.Sum(r => r.ReplayTime.Ticks)), g.Sum(r => r.TasksTotal))}");
        return "replay time per policy (all scenarios): " + string.Join("; ", lines);
    }

    private static string Replay(TimeSpan wall, int tasks) => string.Create(CultureInfo.InvariantCulture,
        $"{wall.TotalSeconds:0.00} s wall for {tasks} tasks, {(tasks == 0 ? 0 : wall.TotalSeconds * 1000 / tasks):0.000} s per 1,000 tasks");

    private void Draw()
    {
        _sinceDraw.Restart();
        var share = (_done + _fractions.Values.Sum()) / Math.Max(replays, 1);
        var filled = (int)Math.Round(Math.Clamp(share, 0, 1) * 30);
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r\u001b[Ksimulate [{new string('#', filled)}{new string('.', 30 - filled)}] {share * 100,3:0} %  {_done}/{replays} replays, {_fractions.Count} running"));
        writer.Flush();
    }
}
