namespace Orchestrator.Serverless.Results;

/// <summary>Saved files and the images that could not be saved, each with why.</summary>
public sealed record SaveReport(IReadOnlyList<string> Saved, IReadOnlyList<(int Index, string Reason)> Failed, IReadOnlyList<string> Warnings, string? OutputError)
{
    public bool AllSaved => Failed.Count == 0 && OutputError is null;
}
