namespace Orchestrator.Simulation;

/// <summary>
/// Random streams derived from the run's seed and a name (FNV-1a), so draws do not depend on the order
/// in which parallel cycle actions reach the simulated parts: the same seed gives the same run.
/// </summary>
public static class StableRandom
{
    public static Random For(int seed, string name, int salt = 0)
    {
        unchecked
        {
            var hash = 2166136261u ^ (uint)seed;
            hash = (hash ^ (uint)salt) * 16777619u;
            foreach (var c in name)
            {
                hash = (hash ^ c) * 16777619u;
            }
            return new Random((int)hash);
        }
    }

    /// <summary>Log-normal draw around <paramref name="median"/>, clamped.</summary>
    public static TimeSpan LogNormal(Random random, TimeSpan median, double sigma, TimeSpan min, TimeSpan max)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        var seconds = median.TotalSeconds * Math.Exp(sigma * normal);
        return TimeSpan.FromSeconds(Math.Clamp(seconds, min.TotalSeconds, max.TotalSeconds));
    }

    public static TimeSpan Uniform(Random random, TimeSpan min, TimeSpan max) =>
        min + TimeSpan.FromSeconds(random.NextDouble() * (max - min).TotalSeconds);
}
