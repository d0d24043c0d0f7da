namespace Orchestrator.Simulation;

/// <summary>
/// The built-in demand scenarios. Each is generated from the seed for a given length (default a day);
/// patterns are placed by fraction of that length, so <c>--hours 6</c> is the same day compressed.
/// </summary>
public static class BuiltInScenarios
{
    public static readonly TimeSpan DefaultLength = TimeSpan.FromHours(24);

    public static IReadOnlyList<string> Names { get; } = ["steady", "bursty-day", "spike-after-idle", "long-tasks", "capacity-outage"];

    public static Scenario Create(string name, int seed, TimeSpan? length = null)
    {
        var hours = (length ?? DefaultLength).TotalHours;
        var random = StableRandom.For(seed, name, 3);
        return name switch
        {
            "steady" => new Scenario(name, "Poisson arrivals, 40 tasks/h of ~4.5 min", Poisson(random, hours, _ => 40, ShortTask)),
            "bursty-day" => new Scenario(name, "quiet night, busy day with bursts of 15-30 tasks, evening tail", BurstyDay(random, hours)),
            "spike-after-idle" => new Scenario(name, "a trickle, then 40 tasks in a minute, twice", SpikeAfterIdle(random, hours)),
            "long-tasks" => new Scenario(name, "Poisson arrivals, 15 tasks/h of 8-18 min", Poisson(random, hours, _ => 15, LongTask)),
            "capacity-outage" => new Scenario(name, "steady 40 tasks/h; from 1/3 to 1/2 of the run most creates find no GPU",
                Poisson(random, hours, _ => 40, ShortTask))
            {
                Outages = [new CapacityOutage(TimeSpan.FromHours(hours / 3), TimeSpan.FromHours(hours / 2), 0.15)],
            },
            _ => throw new ArgumentException($"unknown scenario '{name}' (built-in: {string.Join(", ", Names)})", nameof(name)),
        };
    }

    private static TimeSpan ShortTask(Random r) => StableRandom.LogNormal(r, TimeSpan.FromSeconds(240), 0.5, TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(900));

    private static TimeSpan LongTask(Random r) => StableRandom.Uniform(r, TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(18));

    /// <summary>Poisson arrivals whose hourly rate depends on the hour of the run.</summary>
    private static List<TaskArrival> Poisson(Random r, double hours, Func<double, double> ratePerHour, Func<Random, TimeSpan> duration)
    {
        var result = new List<TaskArrival>();
        var t = 0.0;
        while (true)
        {
            var rate = Math.Max(ratePerHour(t / 3600), 0.01);
            t += -Math.Log(1.0 - r.NextDouble()) * 3600 / rate;
            if (t >= hours * 3600)
            {
                return result;
            }
            result.Add(new TaskArrival(TimeSpan.FromSeconds(Math.Round(t)), duration(r)));
        }
    }

    /// <summary>Base rate by hour of day (scaled to the run), plus a burst every ~3 hours of daytime.</summary>
    private static List<TaskArrival> BurstyDay(Random r, double hours)
    {
        double Rate(double h) => (h / hours * 24) switch
        {
            < 7 => 4,
            < 9 => 20,
            < 18 => 35,
            < 22 => 20,
            _ => 6,
        };
        var result = Poisson(r, hours, Rate, ShortTask);
        foreach (var dayHour in new[] { 9.5, 12.0, 14.5, 17.0, 20.0 })
        {
            result.AddRange(Burst(r, TimeSpan.FromHours(dayHour / 24 * hours), 15 + r.Next(16), TimeSpan.FromMinutes(3)));
        }
        return result;
    }

    private static List<TaskArrival> SpikeAfterIdle(Random r, double hours)
    {
        var result = Poisson(r, hours, _ => 2, ShortTask);
        result.AddRange(Burst(r, TimeSpan.FromHours(hours / 3), 40, TimeSpan.FromMinutes(1)));
        result.AddRange(Burst(r, TimeSpan.FromHours(hours * 3 / 4), 40, TimeSpan.FromMinutes(1)));
        return result;
    }

    private static IEnumerable<TaskArrival> Burst(Random r, TimeSpan at, int count, TimeSpan within) =>
        Enumerable.Range(0, count)
            .Select(_ => new TaskArrival(at + TimeSpan.FromSeconds(Math.Round(r.NextDouble() * within.TotalSeconds)), ShortTask(r)))
            .ToList();
}
