using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orchestrator.Configuration;
using Orchestrator.Logging;
using Orchestrator.Ssh;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>
/// Redaction is a policy of the logging pipeline, not of one formatter: each kind of secret (RunPod key,
/// Supabase service and anon keys, SSH private key, database password) logged in a message, a structured
/// property and an exception comes out masked in both line formats.
/// </summary>
public sealed class LogRedactionTests
{
    private const string RunPodKey = "rpa_REDACT_0123456789abcdef";
    private const string ServiceKey = "eyJhbGciOiJIUzI1NiJ9.service-redact.sig";
    private const string AnonKey = "eyJhbGciOiJIUzI1NiJ9.anon-redact.sig";
    private const string DbPassword = "db\"Pass/w0rd\\9";
    private const string KeyLine = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB";
    private const string SshKey = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + KeyLine + "\nAAAAMwAAAAtzc2gtZWQyNTUxOQAAACBredactme\n-----END OPENSSH PRIVATE KEY-----\n";

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in new[] { "json", "text" })
        {
            foreach (var (kind, value) in new[] { ("runpod", RunPodKey), ("service", ServiceKey), ("anon", AnonKey), ("db", DbPassword), ("ssh", SshKey), ("ssh-line", KeyLine) })
            {
                data.Add(format, kind + "|" + value);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_secret_kind_is_masked_in_message_property_and_exception(string format, string kindAndValue)
    {
        var secret = kindAndValue[(kindAndValue.IndexOf('|', StringComparison.Ordinal) + 1)..];
        var reader = Reader(("LOG_FORMAT", format));
        var config = OrchestratorConfig.Load(reader);
        _ = SshOptionsReader.Read(reader, requireKey: true); // read by a registration, not part of the configuration object
        var output = new StringWriter();
        using (var serilog = LoggingSetup.CreateSerilog(config.Logging, output, SecretRedactor.FromConfig(config, reader.SecretsRead)))
        using (var factory = LoggingSetup.CreateFactory(serilog))
        {
            var log = factory.CreateLogger("redaction");
            log.LogWarning(new EventId(1, "Leak"), "call failed: {Detail}", secret);
            log.LogError(new EventId(2, "LeakException"), new InvalidOperationException("auth " + secret), "inner {Detail}", "x");
        }
        var text = output.ToString();
        Assert.Contains("Leak", text, StringComparison.Ordinal);
        Assert.Contains("LeakException", text, StringComparison.Ordinal);
        Assert.Contains("***", text, StringComparison.Ordinal);
        foreach (var needle in Needles(secret))
        {
            Assert.DoesNotContain(needle, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_configuration_problem_quoting_the_ssh_key_is_masked()
    {
        var run = await CliRun.RunAsync(["once"],
            ("RUNPOD_API_KEY", RunPodKey), ("SUPABASE_URL", "https://project.supabase.co"), ("SUPABASE_SERVICE_ROLE_KEY", ServiceKey),
            ("RUNPOD_SSH_PRIVATE_KEY", SshKey), ("HEALTH_BIND_ADDRESS", KeyLine));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("HEALTH_BIND_ADDRESS", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyLine, run.All, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Needles(string secret) =>
        secret.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("-----", StringComparison.Ordinal))
            .Append(System.Text.Json.JsonSerializer.Serialize(secret)[1..^1])
            .Append(secret.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal));

    private static SettingsReader Reader(params (string Key, string Value)[] extra)
    {
        (string, string)[] settings =
        [
            ("RUNPOD_API_KEY", RunPodKey), ("SUPABASE_SERVICE_ROLE_KEY", ServiceKey), ("SUPABASE_ANON_KEY", AnonKey),
            ("SUPABASE_DB_URL", $"postgresql://postgres:{Uri.EscapeDataString(DbPassword)}@db.example.invalid:5432/postgres"),
            ("RUNPOD_SSH_PRIVATE_KEY", SshKey), .. extra,
        ];
        return new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Item1, s.Item2))).Build());
    }
}
