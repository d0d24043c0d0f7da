namespace Orchestrator.Postgres;

/// <summary>Counts the database round trips a store makes, for tests and the benchmark.</summary>
public sealed class RoundTripCounter
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add() => Interlocked.Increment(ref _count);
}
