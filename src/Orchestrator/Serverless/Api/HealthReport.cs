namespace Orchestrator.Serverless.Api;

/// <summary>The <c>/health</c> counters, kept as dictionaries so new fields appear without a code change.</summary>
public sealed record HealthReport(IReadOnlyDictionary<string, long> Jobs, IReadOnlyDictionary<string, long> Workers, string RawJson);
