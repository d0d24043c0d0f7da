namespace Orchestrator.Tests.Ssh;

/// <summary>What a <see cref="FakePod"/> has and how its fakes behave.</summary>
public sealed record FakePodSetup
{
    public bool Volume { get; init; } = true;
    public bool Checkout { get; init; } = true;
    public GpuMode Gpu { get; init; } = GpuMode.Ok;
    public bool PythonWorks { get; init; } = true;
    public bool WorkerDies { get; init; }
    public bool HangingGit { get; init; }
    /// <summary>Every remote command starts after this delay (the benchmark's stand-in for a distant pod).</summary>
    public TimeSpan? CommandDelay { get; init; }
}

public enum GpuMode
{
    Ok,
    Fails,
    NoDevice,
    Missing,
    Hangs,
    /// <summary>Exits 0 after printing random bytes (not UTF-8, control characters, NULs): a broken driver or a hostile image.</summary>
    Garbage,
}
