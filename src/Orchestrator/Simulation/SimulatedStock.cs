namespace Orchestrator.Simulation;

/// <summary>
/// RunPod's stock per data center and GPU type, as our creates see it: each (data center, type) cell alternates
/// between in-stock spells (room for a few pods of ours) and out-of-stock spells that last a while, instead of a
/// fresh coin per create. The spells are drawn from a stream keyed by the seed and the cell and depend on time
/// only, so every policy replayed on the same seed meets the same stock at the same moment.
/// </summary>
public sealed class SimulatedStock(int seed, SimulationProfile profile, string salt = "stock")
{
    private readonly Dictionary<(string DataCenter, string GpuType), Cell> _cells = [];

    /// <summary>How many more pods of ours the cell holds at <paramref name="offset"/> (0: out of stock), given <paramref name="live"/> live there.</summary>
    public int Room(string dataCenter, GpuOffer offer, TimeSpan offset, int live)
    {
        if (!_cells.TryGetValue((dataCenter, offer.GpuType), out var cell))
        {
            _cells[(dataCenter, offer.GpuType)] = cell = new Cell(StableRandom.For(seed, $"{salt}/{dataCenter}/{offer.GpuType}", 11), offer, profile);
        }
        return Math.Max(0, cell.SlotsAt(offset) - live);
    }

    /// <summary>Whether the cell is in stock at <paramref name="offset"/>.</summary>
    public bool InStock(string dataCenter, GpuOffer offer, TimeSpan offset) => Room(dataCenter, offer, offset, 0) > 0;

    /// <summary>One cell's spells, drawn lazily as the (monotonic) virtual clock reaches them.</summary>
    private sealed class Cell(Random random, GpuOffer offer, SimulationProfile profile)
    {
        private readonly List<(TimeSpan End, int Slots)> _spells = [];
        private int _current;

        public int SlotsAt(TimeSpan offset)
        {
            while (_spells.Count == 0 || _spells[^1].End <= offset)
            {
                Draw();
            }
            if (_current >= _spells.Count || (_current > 0 && _spells[_current - 1].End > offset))
            {
                _current = 0; // a query earlier than the last one: search from the start
            }
            while (_spells[_current].End <= offset)
            {
                _current++;
            }
            return _spells[_current].Slots;
        }

        private void Draw()
        {
            var start = _spells.Count == 0 ? TimeSpan.Zero : _spells[^1].End;
            // The first spell is in stock with the stationary chance; later spells alternate.
            var inStock = _spells.Count == 0 ? random.NextDouble() < offer.Availability : _spells[^1].Slots == 0;
            var mean = inStock ? profile.StockInMean : profile.StockOutMean(offer);
            var length = TimeSpan.FromSeconds(Math.Max(60, -Math.Log(1.0 - random.NextDouble()) * mean.TotalSeconds));
            var slots = inStock ? random.Next(profile.StockSlotsMin, profile.StockSlotsMax + 1) : 0;
            _spells.Add((start + length, slots));
        }
    }
}
