using System.Text.RegularExpressions;
using Orchestrator.Tests.Observability;

namespace Orchestrator.Tests.RunPod.Contract;

/// <summary>
/// RunPod's REST v2 create contract, derived from the reference facts (<c>runpod-rest-v2-contract.md</c> in
/// this folder, a verbatim copy of the project's reference, itself checked against RunPod's OpenAPI): the
/// allowed top-level and <c>gpu</c> fields, the required ones, the <c>cloud</c> values and the mount shapes.
/// Both the strict fake and the body contract test read it from here, so no field name is typed twice.
/// </summary>
public sealed partial record RestV2Contract(
    IReadOnlySet<string> TopLevel,
    IReadOnlySet<string> Required,
    IReadOnlySet<string> CloudValues,
    IReadOnlySet<string> Gpu,
    IReadOnlySet<string> RemovedGpuFields,
    IReadOnlySet<string> NetworkMount,
    IReadOnlySet<string> PersistentMount,
    int MinPersistentSizeGb)
{
    public const string File = "tests/Orchestrator.Tests/RunPod/Contract/runpod-rest-v2-contract.md";

    private static readonly Lazy<RestV2Contract> Loaded = new(() => Parse(RepoFiles.Read(File)));

    public static RestV2Contract Reference => Loaded.Value;

    public static RestV2Contract Parse(string facts)
    {
        var topText = Between(facts, "Top-level fields:", "\n- ");
        var gpuText = Between(facts, "`gpu` allows only", "There is");
        var removedText = Between(facts, "migration notes say", "are gone");
        var mountText = Between(facts, "- `mounts`:", "\n- ");
        return new RestV2Contract(
            Names(topText),
            Set(RequiredPattern().Matches(topText).Select(m => m.Groups[1].Value)),
            Set(Ticks(Between(topText, "`cloud` (", ")")).Where(t => UpperPattern().IsMatch(t))),
            Names(gpuText),
            Names(removedText),
            Set(Braced(Between(mountText, "`network`", "`persistent`"))),
            Set(Braced(Between(mountText, "`persistent`", "never both"))),
            int.Parse(SizePattern().Match(mountText).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        if (from < 0)
        {
            throw new FormatException($"the reference facts no longer say '{start}'");
        }
        from += start.Length;
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return to < 0 ? text[from..] : text[from..to];
    }

    private static IEnumerable<string> Ticks(string text) => TickPattern().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>Backticked field names (camelCase identifiers); values such as <c>SECURE</c> or <c>22/tcp</c> are not names.</summary>
    private static HashSet<string> Names(string text) => Set(Ticks(text).Where(t => NamePattern().IsMatch(t)));

    private static IEnumerable<string> Braced(string text) =>
        Ticks(text).Where(t => t.StartsWith('{')).SelectMany(t => t.Trim('{', '}').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static HashSet<string> Set(IEnumerable<string> items) => new(items, StringComparer.Ordinal);

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex TickPattern();

    [GeneratedRegex("^[a-z][A-Za-z]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Z]+$")]
    private static partial Regex UpperPattern();

    [GeneratedRegex(@"`(\w+)` \(required")]
    private static partial Regex RequiredPattern();

    [GeneratedRegex(@"size ≥ (\d+) GB")]
    private static partial Regex SizePattern();
}
