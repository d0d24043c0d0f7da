namespace Orchestrator.Persistence;

/// <summary>One store function: its name, the signature a caller needs (<c>to_regprocedure</c> text), the migration defining it.</summary>
public sealed record StoreFunction(string Name, string Signature, string Migration);
