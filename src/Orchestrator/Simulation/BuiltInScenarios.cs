namespace Orchestrator.Simulation;

/// <summary>
/// The built-in demand scenarios. Each is generated from the seed for a given length (default a day);
/// patterns are placed by fraction of that length, so <c>--hours 6</c> is the same day compressed. Every task
/// has an owner: steady work comes from a pool of users (a few heavy ones), a burst is a handful of users' batches,
/// so Reigh's per-user limit (<see cref="InMemoryFleetStore.PerUserLimit"/> in progress) holds back what it holds back in production.
/// </summary>
public static class BuiltInScenarios
{
    public static readonly TimeSpan DefaultLength = TimeSpan.FromHours(24);

    public static IReadOnlyList<string> Names { get; } = ["steady", "bursty-day", "spike-after-idle", "long-tasks", "capacity-outage", "peak-day", "spot-drought"];

    /// <summary>Users behind the steady arrivals; the k-th submits in proportion to 1/k (Zipf).</summary>
    private const int UserPool = 40;

    public static Scenario Create(string name, int seed, TimeSpan? length = null)
    {
        var hours = (length ?? DefaultLength).TotalHours;
        var random = StableRandom.For(seed, name, 3);
        var users = StableRandom.For(seed, name, 7);
        return name switch
        {
            "steady" => new Scenario(name, "Poisson arrivals, 40 tasks/h of ~4.5 min", Poisson(random, users, hours, _ => 40, ShortTask)),
            "bursty-day" => new Scenario(name, "quiet night, busy day with bursts of 15-30 tasks, evening tail",
                Day(random, users, hours, BurstyDayRate, [9.5, 12.0, 14.5, 17.0, 20.0], (15, 30), (1, 4))),
            "spike-after-idle" => new Scenario(name, "a trickle, then 40 tasks in a minute from 8 users, twice", SpikeAfterIdle(random, users, hours)),
            "long-tasks" => new Scenario(name, "Poisson arrivals, 15 tasks/h of 8-18 min", Poisson(random, users, hours, _ => 15, LongTask)),
            "capacity-outage" => new Scenario(name, "steady 40 tasks/h; from 1/3 to 1/2 of the run most creates find no GPU",
                Poisson(random, users, hours, _ => 40, ShortTask))
            {
                Outages = [new CapacityOutage(TimeSpan.FromHours(hours / 3), TimeSpan.FromHours(hours / 2), 0.15)],
            },
            "peak-day" => new Scenario(name, "a busy day: ~1,750 tasks, ~130 useful GPU-h, 10 tasks/h at night to 95/h by day, eight batches of 40-80",
                Day(random, users, hours, PeakDayRate, [8.5, 10.0, 11.5, 13.0, 14.5, 16.0, 17.5, 19.5], (40, 80), (4, 12))),
            "spot-drought" => new Scenario(name, "steady 40 tasks/h; from 1/3 to 1/2 of the run spot pods are interrupted 30x as often, and after its first half hour no spot is offered",
                Poisson(random, users, hours, _ => 40, ShortTask))
            {
                SpotDroughts = [new SpotDrought(TimeSpan.FromHours(hours / 3), TimeSpan.FromHours(hours / 2), 30, TimeSpan.FromHours(hours / 3) + TimeSpan.FromHours(0.5 * hours / 24))],
            },
            _ => throw new ArgumentException($"unknown scenario '{name}' (built-in: {string.Join(", ", Names)})", nameof(name)),
        };
    }

    private static TimeSpan ShortTask(Random r) => StableRandom.LogNormal(r, TimeSpan.FromSeconds(240), 0.5, TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(900));

    private static TimeSpan LongTask(Random r) => StableRandom.Uniform(r, TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(18));

    private static double BurstyDayRate(double dayHour) => dayHour switch { < 7 => 4, < 9 => 20, < 18 => 35, < 22 => 20, _ => 6 };

    /// <summary>The busy day of issue 16 (its trace is not held here): ~1,290 steady tasks plus ~470 in batches.</summary>
    private static double PeakDayRate(double dayHour) => dayHour switch { < 7 => 10, < 9 => 45, < 18 => 95, < 22 => 60, _ => 15 };

    /// <summary>A user of the pool, drawn by Zipf weight.</summary>
    private static string PoolUser(Random users)
    {
        var total = 0.0;
        for (var k = 1; k <= UserPool; k++)
        {
            total += 1.0 / k;
        }
        var x = users.NextDouble() * total;
        for (var k = 1; k <= UserPool; k++)
        {
            x -= 1.0 / k;
            if (x <= 0)
            {
                return $"user-{k:D2}";
            }
        }
        return $"user-{UserPool:D2}";
    }

    /// <summary>Poisson arrivals whose hourly rate depends on the hour of the run, each from a pool user.</summary>
    private static List<TaskArrival> Poisson(Random r, Random users, double hours, Func<double, double> ratePerHour, Func<Random, TimeSpan> duration)
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
            result.Add(new TaskArrival(TimeSpan.FromSeconds(Math.Round(t)), duration(r), UserId: PoolUser(users)));
        }
    }

    /// <summary>A day shape by hour (scaled to the run) plus batches at the given day hours, each from a few users (<paramref name="batchUsers"/>).</summary>
    private static List<TaskArrival> Day(Random r, Random users, double hours, Func<double, double> rate, double[] burstHours, (int Min, int Max) size, (int Min, int Max) batchUsers)
    {
        var result = Poisson(r, users, hours, h => rate(h / hours * 24), ShortTask);
        var batch = 0;
        foreach (var dayHour in burstHours)
        {
            var owners = Enumerable.Range(0, batchUsers.Min + users.Next(batchUsers.Max - batchUsers.Min + 1)).Select(k => $"batch-{++batch:D2}-{k}").ToList();
            result.AddRange(Burst(r, users, TimeSpan.FromHours(dayHour / 24 * hours), size.Min + r.Next(size.Max - size.Min + 1), TimeSpan.FromMinutes(3), owners));
        }
        return result;
    }

    private static List<TaskArrival> SpikeAfterIdle(Random r, Random users, double hours)
    {
        var result = Poisson(r, users, hours, _ => 2, ShortTask);
        var owners = Enumerable.Range(1, 8).Select(k => $"spike-{k}").ToList();
        result.AddRange(Burst(r, users, TimeSpan.FromHours(hours / 3), 40, TimeSpan.FromMinutes(1), owners));
        result.AddRange(Burst(r, users, TimeSpan.FromHours(hours * 3 / 4), 40, TimeSpan.FromMinutes(1), owners));
        return result;
    }

    private static List<TaskArrival> Burst(Random r, Random users, TimeSpan at, int count, TimeSpan within, IReadOnlyList<string> owners) =>
        Enumerable.Range(0, count)
            .Select(_ => new TaskArrival(at + TimeSpan.FromSeconds(Math.Round(r.NextDouble() * within.TotalSeconds)), ShortTask(r), UserId: owners[users.Next(owners.Count)]))
            .ToList();
}
