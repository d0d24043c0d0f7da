using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;
using YamlDotNet.Serialization;

namespace Orchestrator.Tests.Observability;

/// <summary>The Dockerfile, compose file, systemd unit, env example and CI smoke step, checked structurally.</summary>
public sealed partial class PackagingTests
{
    [Fact]
    public void Dockerfile_is_multi_stage_non_root_with_ssh_and_a_healthcheck_by_the_binary()
    {
        var lines = RepoFiles.Read("Dockerfile").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, froms.Count);
        Assert.Contains("dotnet/sdk:10.0 AS build", froms[0], StringComparison.Ordinal);
        Assert.Contains("dotnet/aspnet:10.0", froms[1], StringComparison.Ordinal);
        var runtime = lines.Skip(lines.IndexOf(froms[1])).ToList();
        var user = Assert.Single(runtime, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.Equal("USER 10001:10001", user);
        Assert.Contains(runtime, l => l.Contains("apt-get install", StringComparison.Ordinal));
        Assert.Contains(runtime, l => l.Contains("openssh-client", StringComparison.Ordinal) && !l.StartsWith('#'));
        Assert.Contains(runtime, l => l.Contains("useradd", StringComparison.Ordinal) && l.Contains("--uid 10001", StringComparison.Ordinal));
        var healthIndex = runtime.FindIndex(l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.True(healthIndex >= 0);
        Assert.Contains("\"healthcheck\"", runtime[healthIndex + 1], StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"orchestrator.dll\"]", runtime);
        Assert.Contains("CMD [\"run\"]", runtime);
        Assert.Contains("STOPSIGNAL SIGTERM", runtime);
        Assert.Contains("EXPOSE 8080", runtime);
        Assert.Contains(runtime, l => l.Contains("HEALTH_PORT=8080", StringComparison.Ordinal));
        Assert.Contains("deploy/orchestrator.env", RepoFiles.Read(".dockerignore"), StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_runs_postgres_with_the_reigh_schema_and_the_orchestrator_after_it_is_healthy()
    {
        var compose = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(RepoFiles.Read("docker-compose.yml"));
        var services = (Dictionary<object, object>)compose["services"];
        var postgres = services["postgres"];
        Assert.StartsWith("postgres:15", Scalar(postgres, "image"), StringComparison.Ordinal);
        Assert.Contains(List(postgres, "volumes"), v => ((string)v).StartsWith("./deploy/reigh-schema.sql:/docker-entrypoint-initdb.d/", StringComparison.Ordinal));
        Assert.Contains("pg_isready", string.Join(' ', List(Map(postgres, "healthcheck"), "test")), StringComparison.Ordinal);

        var app = services["orchestrator"];
        Assert.Equal("Dockerfile", Scalar(Map(app, "build"), "dockerfile"));
        Assert.Contains("deploy/orchestrator.env", List(app, "env_file"));
        Assert.Contains("@postgres:5432/", Scalar(Map(app, "environment"), "SUPABASE_DB_URL"), StringComparison.Ordinal);
        Assert.Equal("service_healthy", Scalar(Map(Map(app, "depends_on"), "postgres"), "condition"));
        Assert.Contains("healthcheck", string.Join(' ', List(Map(app, "healthcheck"), "test")), StringComparison.Ordinal);
        Assert.NotEqual("no", Scalar(app, "restart"));
        Assert.Contains("replica", List(services["orchestrator-replica"], "profiles"));
    }

    private static Dictionary<object, object> Map(object node, string key) => (Dictionary<object, object>)((Dictionary<object, object>)node)[key];

    private static List<object> List(object node, string key) => (List<object>)((Dictionary<object, object>)node)[key];

    private static string Scalar(object node, string key) => (string)((Dictionary<object, object>)node)[key];

    [Fact]
    public void Systemd_unit_restarts_reads_the_env_file_stops_on_sigterm_and_is_hardened()
    {
        var unit = Ini(RepoFiles.Read("deploy/orchestrator.service"));
        var service = unit["Service"];
        Assert.Equal("/opt/orchestrator/orchestrator run", service["ExecStart"]);
        Assert.Equal("orchestrator", service["User"]);
        Assert.Equal("always", service["Restart"]);
        Assert.Equal("/etc/orchestrator/orchestrator.env", service["EnvironmentFile"]);
        Assert.Equal("SIGTERM", service["KillSignal"]);
        Assert.Equal("orchestrator", service["StateDirectory"]);
        Assert.Equal("", service["CapabilityBoundingSet"]);
        Assert.Equal("strict", service["ProtectSystem"]);
        foreach (var key in new[] { "RestartSec", "TimeoutStopSec", "ReadWritePaths", "RestrictAddressFamilies" })
        {
            Assert.NotEmpty(service[key]);
        }
        foreach (var key in new[] { "NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices", "ProtectKernelTunables", "RestrictNamespaces" })
        {
            Assert.Equal("yes", service[key]);
        }
        Assert.Equal("multi-user.target", unit["Install"]["WantedBy"]);
        AssertSystemdAcceptsEveryKey();
    }

    /// <summary>Where systemd-analyze exists, every key must be known to systemd (a missing binary is expected here).</summary>
    private static void AssertSystemdAcceptsEveryKey()
    {
        try
        {
            using var analyze = Process.Start(new ProcessStartInfo("systemd-analyze", ["verify", RepoFiles.PathOf("deploy/orchestrator.service")])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var complaints = analyze.StandardError.ReadToEnd() + analyze.StandardOutput.ReadToEnd();
            analyze.WaitForExit();
            Assert.DoesNotMatch("Unknown key|Unknown section|Failed to parse|Invalid", complaints);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // no systemd-analyze on this machine: the structural check above stands alone
        }
    }

    private static Dictionary<string, Dictionary<string, string>> Ini(string text)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith(';')))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                sections.Add(line[1..^1], current);
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(current is not null && eq > 0, $"not a key=value line in a section: {line}");
            current![line[..eq]] = line[(eq + 1)..]; // systemd allows repeats (Environment=); the last wins here
        }
        return sections;
    }

    [Fact]
    public void The_env_example_documents_exactly_the_variables_the_code_reads()
    {
        var read = Directory.EnumerateFiles(RepoFiles.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => ReaderCall().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value))
            .ToHashSet(StringComparer.Ordinal);
        var documented = EnvLine().Matches(RepoFiles.Read("deploy/orchestrator.env.example")).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("HEALTH_PORT", read);
        Assert.Empty(read.Except(documented).Order());
        Assert.Empty(documented.Except(read).Order());
    }

    [Fact]
    public void Ci_runs_the_readme_tests_then_smoke_tests_the_published_app()
    {
        var ci = RepoFiles.Read(".ci/run");
        var tests = ci.IndexOf("./scripts/test.sh", StringComparison.Ordinal);
        var publish = ci.IndexOf("dotnet publish src/Orchestrator -c Release -o /tmp/orchestrator-publish", StringComparison.Ordinal);
        Assert.True(tests > 0 && publish > tests, "publish smoke step must follow the test command");
        Assert.Contains("dotnet /tmp/orchestrator-publish/orchestrator.dll help", ci, StringComparison.Ordinal);
    }

    /// <summary>A SettingsReader call by name, a helper taking the reader first (<c>Url(r, "X")</c>), or an env name picked by a switch arm (<c>=> "X_ID"</c>).</summary>
    [GeneratedRegex(@"(?:\b(?:Int|Seconds|Minutes|String|Secret|Double|Decimal|Bool|Choice|Raw|HttpUrl)\(\s*|\b\w+\(\s*(?:r|reader)\s*,\s*)""([A-Z][A-Z0-9_]+)""|=>\s*""([A-Z][A-Z0-9_]+_ID)""")]
    private static partial Regex ReaderCall();

    [GeneratedRegex(@"^#? ?([A-Z][A-Z0-9_]+)=", RegexOptions.Multiline)]
    private static partial Regex EnvLine();
}
