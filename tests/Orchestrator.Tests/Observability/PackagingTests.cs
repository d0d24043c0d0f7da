using System.Text.RegularExpressions;
using Orchestrator.Tests.Ssh;
using Xunit;
using YamlDotNet.Serialization;

namespace Orchestrator.Tests.Observability;

/// <summary>The Dockerfile, compose file, systemd unit, env example and CI smoke step, checked structurally.</summary>
public sealed partial class PackagingTests
{
    [Fact]
    public void Dockerfile_is_multi_stage_native_non_root_with_ssh_and_a_healthcheck_by_the_binary()
    {
        var lines = RepoFiles.Read("Dockerfile").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, froms.Count);
        Assert.Contains("dotnet/sdk:10.0 AS build", froms[0], StringComparison.Ordinal);
        Assert.Contains("dotnet/runtime-deps:10.0", froms[1], StringComparison.Ordinal); // a native executable needs no .NET runtime
        var build = lines.Take(lines.IndexOf(froms[1])).ToList();
        Assert.Contains(build, l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal) && l.Contains("-r linux-x64 -p:PublishAot=true", StringComparison.Ordinal));
        Assert.Contains(build, l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal) && l.Contains("-r linux-x64 -p:PublishAot=true", StringComparison.Ordinal));
        var runtime = lines.Skip(lines.IndexOf(froms[1])).ToList();
        var user = Assert.Single(runtime, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.Equal("USER 10001:10001", user);
        Assert.DoesNotContain(runtime, l => l.Contains("openssh-client", StringComparison.Ordinal) && !l.StartsWith('#')); // SSH.NET in process
        Assert.Contains(runtime, l => l.Contains("useradd", StringComparison.Ordinal) && l.Contains("--uid 10001", StringComparison.Ordinal));
        var healthIndex = runtime.FindIndex(l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.True(healthIndex >= 0);
        Assert.Contains("\"healthcheck\"", runtime[healthIndex + 1], StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"/app/orchestrator\"]", runtime);
        Assert.DoesNotContain(runtime, l => l.Contains("orchestrator.dll", StringComparison.Ordinal));
        Assert.Contains("CMD [\"run\"]", runtime);
        Assert.Contains("STOPSIGNAL SIGTERM", runtime);
        Assert.Contains("EXPOSE 8080", runtime);
        Assert.Contains(runtime, l => l.Contains("HEALTH_PORT=8080", StringComparison.Ordinal));
        Assert.Contains("deploy/orchestrator.env", RepoFiles.Read(".dockerignore"), StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_runs_postgres_with_the_reigh_schema_and_the_orchestrator_after_it_is_healthy()
    {
        var compose = ComposeFile.Load(RepoFiles.Read("docker-compose.yml"));
        var postgres = compose.Service("postgres");
        Assert.StartsWith("postgres:15", ComposeFile.Scalar(postgres, "image"), StringComparison.Ordinal);
        Assert.Contains(ComposeFile.List(postgres, "volumes"), v => v.StartsWith("./deploy/reigh-schema.sql:/docker-entrypoint-initdb.d/", StringComparison.Ordinal));
        Assert.Contains("pg_isready", ComposeFile.Scalar(ComposeFile.Map(postgres, "healthcheck"), "test"), StringComparison.Ordinal);

        var app = compose.Service("orchestrator");
        Assert.Equal("run", ComposeFile.Scalar(app, "command"));
        Assert.Contains("deploy/orchestrator.env", ComposeFile.List(app, "env_file"));
        Assert.Contains("@postgres:5432/", ComposeFile.Scalar(ComposeFile.Map(app, "environment"), "SUPABASE_DB_URL"), StringComparison.Ordinal);
        Assert.Equal("service_healthy", compose.Condition("orchestrator", "postgres"));
        Assert.Contains("healthcheck", ComposeFile.Scalar(ComposeFile.Map(app, "healthcheck"), "test"), StringComparison.Ordinal);
        Assert.NotEqual("no", ComposeFile.Scalar(app, "restart"));
        Assert.Equal("replica", ComposeFile.Scalar(compose.Service("orchestrator-replica"), "profiles"));
    }

    /// <summary>
    /// `docker compose up` on an empty database ends with the service running: postgres (healthy, Reigh schema from
    /// initdb), then the one-shot `migrate` of the same image, then every `run` service once migrate exited 0.
    /// </summary>
    [Fact]
    public void Compose_migrates_once_before_any_orchestrator_starts()
    {
        var compose = ComposeFile.Load(RepoFiles.Read("docker-compose.yml"));
        var migrate = compose.Service("migrate");
        var image = ComposeFile.Scalar(compose.Service("orchestrator"), "image");

        Assert.Equal("migrate", ComposeFile.Scalar(migrate, "command"));
        Assert.Equal(image, ComposeFile.Scalar(migrate, "image"));
        Assert.Equal("no", ComposeFile.Scalar(migrate, "restart"));
        Assert.Equal("service_healthy", compose.Condition("migrate", "postgres"));
        Assert.Equal(ComposeFile.Scalar(ComposeFile.Map(compose.Service("orchestrator"), "environment"), "SUPABASE_DB_URL"),
            ComposeFile.Scalar(ComposeFile.Map(migrate, "environment"), "SUPABASE_DB_URL"));

        var runners = compose.Names.Where(n => ComposeFile.Has(compose.Service(n), "command") && ComposeFile.Scalar(compose.Service(n), "command") == "run").ToList();
        Assert.Equal(["orchestrator", "orchestrator-replica"], runners);
        Assert.All(runners, r => Assert.Equal("service_completed_successfully", compose.Condition(r, "migrate")));
        Assert.All(runners, r => Assert.Equal(image, ComposeFile.Scalar(compose.Service(r), "image")));

        var built = Assert.Single(compose.Names, n => ComposeFile.Has(compose.Service(n), "build"));
        Assert.Equal("Dockerfile", ComposeFile.Scalar(ComposeFile.Map(compose.Service(built), "build"), "dockerfile"));
        Assert.Equal(image, ComposeFile.Scalar(compose.Service(built), "image"));
        Assert.DoesNotContain("leader election is in", RepoFiles.Read("docker-compose.yml"), StringComparison.Ordinal);
    }

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
            var (_, output, error) = TestProcess.Capture("systemd-analyze", "verify", RepoFiles.PathOf("deploy/orchestrator.service"));
            var complaints = error + output;
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
    public void Ci_runs_the_readme_tests_then_builds_the_image_build_stage_and_smoke_tests_it()
    {
        var ci = RepoFiles.Read(".ci/run");
        var tests = ci.IndexOf("./scripts/test.sh", StringComparison.Ordinal);
        var stage = ci.IndexOf("./scripts/docker-build-stage.sh", StringComparison.Ordinal);
        Assert.True(tests > 0 && stage > tests, "the build-stage check must follow the test command");
        var script = RepoFiles.Read("scripts/docker-build-stage.sh");
        Assert.Contains(" help", script, StringComparison.Ordinal);
        Assert.Contains("simulate --scenario steady", script, StringComparison.Ordinal);
    }

    /// <summary>A SettingsReader call by name, a helper taking the reader first (<c>Url(r, "X")</c>), or an env name picked by a switch arm (<c>=> "X_ID"</c>).</summary>
    [GeneratedRegex(@"(?:\b(?:Int|Seconds|Minutes|String|Secret|Double|Decimal|Bool|Choice|Raw|HttpUrl)\(\s*|\b\w+\(\s*(?:r|reader)\s*,\s*)""([A-Z][A-Z0-9_]+)""|=>\s*""([A-Z][A-Z0-9_]+_ID)""")]
    private static partial Regex ReaderCall();

    [GeneratedRegex(@"^#? ?([A-Z][A-Z0-9_]+)=", RegexOptions.Multiline)]
    private static partial Regex EnvLine();
}
