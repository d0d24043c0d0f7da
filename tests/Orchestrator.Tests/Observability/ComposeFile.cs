using YamlDotNet.RepresentationModel;

namespace Orchestrator.Tests.Observability;

/// <summary>docker-compose.yml parsed by YamlDotNet, with the few look-ups the packaging tests make.</summary>
internal sealed class ComposeFile
{
    private ComposeFile(YamlMappingNode services) => Services = services;

    public YamlMappingNode Services { get; }

    public static ComposeFile Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        return new ComposeFile(Map(root, "services"));
    }

    public IEnumerable<string> Names => Services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!);

    public YamlMappingNode Service(string name) => Map(Services, name);

    public static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    public static bool Has(YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>A scalar value, or a sequence of scalars joined by spaces (compose accepts both for command, test, profiles).</summary>
    public static string Scalar(YamlMappingNode node, string key) => node.Children[new YamlScalarNode(key)] switch
    {
        YamlScalarNode scalar => scalar.Value ?? "",
        YamlSequenceNode sequence => string.Join(' ', sequence.Children.Select(c => ((YamlScalarNode)c).Value)),
        var other => throw new InvalidOperationException($"{key}: not a scalar or a list but {other.NodeType}"),
    };

    public static IReadOnlyList<string> List(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    /// <summary>The <c>condition</c> of <paramref name="service"/>'s dependency on <paramref name="dependency"/>, or null if it has none.</summary>
    public string? Condition(string service, string dependency)
    {
        var node = Service(service);
        if (!Has(node, "depends_on"))
        {
            return null;
        }
        var dependsOn = Map(node, "depends_on");
        return Has(dependsOn, dependency) ? Scalar(Map(dependsOn, dependency), "condition") : null;
    }
}
