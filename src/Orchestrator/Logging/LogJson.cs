using System.Text.Json.Serialization;

namespace Orchestrator.Logging;

/// <summary>Source-generated JSON for a string (the native build has no reflection-based serializer).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class LogJson : JsonSerializerContext;
