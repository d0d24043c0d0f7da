namespace Orchestrator.Configuration;

/// <summary>A credential. Prints as a mask everywhere; only <see cref="Reveal"/> gives the value.</summary>
public sealed class Secret(string value)
{
    public bool IsEmpty => value.Length == 0;

    public string Reveal() => value;

    /// <summary>Never the value: a fixed mask and its length class.</summary>
    public override string ToString() => IsEmpty ? "(empty)" : "***";

    public static Secret? From(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Secret(value.Trim());
}
