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
}
