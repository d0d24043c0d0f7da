namespace Orchestrator.Postgres;

/// <summary>One migration file: its name (the version recorded once applied) and its SQL.</summary>
public sealed record SqlMigration(string Name, string Sql);
