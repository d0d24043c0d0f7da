using Orchestrator.Core.Domain;

namespace Orchestrator.Core.Decisions;

/// <summary>A pod the database does not account for, and what to do about it.</summary>
public sealed record PodReconciliation(PodInfo Pod, string Reason);
