namespace Orchestrator.Tests.RunPod;

/// <summary>One request as the fake saw it.</summary>
public sealed record FakeRequest(string Method, string PathAndQuery, string? Authorization, string Operation, string Body);
