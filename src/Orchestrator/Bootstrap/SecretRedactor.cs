namespace Orchestrator.Bootstrap;

/// <summary>Replaces known secret values in remote output before it reaches a log, the audit table or a worker row.</summary>
public sealed class SecretRedactor(IEnumerable<string> secrets)
{
    private readonly string[] _secrets = [.. secrets.Where(s => s.Length >= 4).Distinct().OrderByDescending(s => s.Length)];

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }
        return text;
    }
}
