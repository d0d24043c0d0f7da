using Microsoft.Extensions.Configuration;
using Orchestrator.Configuration;
using Orchestrator.Logging;
using Xunit;

namespace Orchestrator.Tests.Observability;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Masks_every_spelling_of_a_secret()
    {
        var redactor = new SecretRedactor(["pa\"ss\\word/42"]);
        Assert.Equal("a *** b", redactor.Redact("a pa\"ss\\word/42 b"));
        Assert.Equal("{\"p\":\"***\"}", redactor.Redact("{\"p\":\"pa\\\"ss\\\\word/42\"}"));
        Assert.Equal("url ***@host", redactor.Redact($"url {Uri.EscapeDataString("pa\"ss\\word/42")}@host"));
    }

    [Fact]
    public void Short_values_are_not_registered()
    {
        var redactor = new SecretRedactor(["abc", "1234567"]);
        Assert.Equal(0, redactor.Count);
        Assert.Equal("abc 1234567", redactor.Redact("abc 1234567"));
    }

    [Fact]
    public void A_connection_string_password_and_private_key_lines_are_masked_alone()
    {
        const string key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAMwAAAAtzc2gtZWQyNTUxOQAAACBexample\n-----END OPENSSH PRIVATE KEY-----";
        var redactor = new SecretRedactor(["Host=db;Username=u;Password=hunter2hunter2", key]);
        Assert.Equal("auth failed for ***", redactor.Redact("auth failed for hunter2hunter2"));
        Assert.Equal("line ***", redactor.Redact("line AAAAMwAAAAtzc2gtZWQyNTUxOQAAACBexample"));
        Assert.DoesNotContain("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", redactor.Redact(key), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_secret_in_the_configuration_is_registered()
    {
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RUNPOD_API_KEY"] = "rpa_0123456789",
            ["SUPABASE_SERVICE_ROLE_KEY"] = "service-0123456789",
            ["SUPABASE_ANON_KEY"] = "anon-0123456789",
            ["SUPABASE_DB_URL"] = "postgresql://u:dbpass-0123@h/db",
        }).Build());
        var redactor = SecretRedactor.FromConfig(OrchestratorConfig.Load(reader));
        var text = redactor.Redact("rpa_0123456789 service-0123456789 anon-0123456789 dbpass-0123");
        Assert.Equal("*** *** *** ***", text);
    }

    [Fact]
    public void The_configurations_list_of_secrets_holds_every_secret_its_properties_reach()
    {
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RUNPOD_API_KEY"] = "rpa_0123456789",
            ["SUPABASE_URL"] = "https://project.supabase.co",
            ["SUPABASE_SERVICE_ROLE_KEY"] = "service-0123456789",
            ["SUPABASE_ANON_KEY"] = "anon-0123456789",
            ["SUPABASE_DB_URL"] = "postgresql://u:dbpass-0123@h:6543/db",
            ["SUPABASE_DB_LISTEN_URL"] = "postgresql://u:listenpass-0123@h:5432/db",
        }).Build());
        var config = OrchestratorConfig.Load(reader);
        var reached = new List<Secret>();
        Walk(config, reached, new HashSet<object>(ReferenceEqualityComparer.Instance), depth: 0);

        Assert.Equal(5, reached.Count);
        Assert.Equal(reached.Select(s => s.Reveal()).Order(StringComparer.Ordinal), config.Secrets.Select(s => s.Reveal()).Order(StringComparer.Ordinal));
    }

    /// <summary>Every <see cref="Secret"/> reachable through public properties of the service's own types (the walk the redactor did before the native build).</summary>
    private static void Walk(object? node, List<Secret> found, HashSet<object> seen, int depth)
    {
        if (node is null || depth > 4 || !seen.Add(node))
        {
            return;
        }
        if (node is Secret secret)
        {
            found.Add(secret);
            return;
        }
        var type = node.GetType();
        if (type.Namespace?.StartsWith("Orchestrator", StringComparison.Ordinal) != true || type.IsValueType)
        {
            return;
        }
        foreach (var property in type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && !property.PropertyType.IsValueType && property.PropertyType != typeof(string))
            {
                Walk(property.GetValue(node), found, seen, depth + 1);
            }
        }
    }
}
