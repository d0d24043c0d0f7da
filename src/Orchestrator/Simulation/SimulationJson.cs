using System.Text.Json.Serialization;

namespace Orchestrator.Simulation;

/// <summary>Source-generated JSON for the report's per-policy results (the native build has no reflection-based serializer).</summary>
[JsonSerializable(typeof(SimulationResult))]
internal sealed partial class SimulationJson : JsonSerializerContext;
