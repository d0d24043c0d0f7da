namespace Orchestrator.Tests.Store;

/// <summary>The task columns the store contract checks.</summary>
public sealed record StoredTask(string Status, int Attempts, string? WorkerId, string? ErrorMessage);
