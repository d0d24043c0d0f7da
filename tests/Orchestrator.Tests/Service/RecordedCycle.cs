namespace Orchestrator.Tests.Service;

public sealed record RecordedCycle(string Node, DateTimeOffset Start, DateTimeOffset End, int Spawned, bool Succeeded);
