namespace Orchestrator.Serverless.Results;

/// <summary>What a job's output holds.</summary>
/// <param name="Problems">Entries that looked like images but cannot be used (by index): reported, the rest are saved.</param>
/// <param name="Warnings">Non-fatal problems the worker listed (worker-comfyui <c>errors[]</c>).</param>
/// <param name="OutputError">The output says the work failed although the job is COMPLETED (worker-comfyui ≤4.0 <c>status: "error"</c>).</param>
public sealed record ExtractedOutput(IReadOnlyList<ImageRef> Images, IReadOnlyList<(int Index, string Reason)> Problems,
    IReadOnlyList<string> Warnings, string? OutputError)
{
    public int Count => Images.Count + Problems.Count;
}
