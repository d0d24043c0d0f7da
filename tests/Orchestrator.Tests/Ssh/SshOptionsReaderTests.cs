using Microsoft.Extensions.Configuration;
using Orchestrator.Configuration;
using Orchestrator.Ssh;
using Xunit;

namespace Orchestrator.Tests.Ssh;

public sealed class SshOptionsReaderTests
{
    private static (SshOptions Options, IReadOnlyList<string> Problems) Read(bool requireKey, params (string Key, string Value)[] values)
    {
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());
        return (SshOptionsReader.Read(reader, requireKey), reader.Problems);
    }

    [Fact]
    public void Real_run_without_a_key_is_a_problem_and_defaults_match_the_old_layout()
    {
        var (options, problems) = Read(requireKey: true);
        Assert.Contains(problems, p => p.Contains("RUNPOD_SSH_PRIVATE_KEY", StringComparison.Ordinal));
        Assert.Equal("/workspace", options.VolumeMountPath);
        Assert.Equal("/workspace/Headless-Wan2GP", options.CheckoutDir);
        Assert.Equal("root", options.User);
        Assert.Empty(Read(requireKey: false).Problems);
    }

    [Fact]
    public void Every_bad_value_is_listed_and_the_key_text_is_never_shown()
    {
        var (_, problems) = Read(true,
            ("RUNPOD_SSH_PRIVATE_KEY_PATH", "/nonexistent/key"), ("SSH_CONNECT_TIMEOUT_SEC", "soon"), ("RUNPOD_VOLUME_MOUNT_PATH", "workspace"),
            ("SSH_USER", "-oProxyCommand=x"), ("WORKER_LOG_TAIL_LINES", "0"));
        Assert.Equal(5, problems.Count);
        var (options, none) = Read(true, ("RUNPOD_SSH_PRIVATE_KEY", "-----BEGIN OPENSSH PRIVATE KEY-----\\nsecretbody"), ("RUNPOD_VOLUME_MOUNT_PATH", "/data/"));
        Assert.Empty(none);
        Assert.Equal("/data/Headless-Wan2GP", options.CheckoutDir);
        Assert.DoesNotContain("secretbody", options.ToString(), StringComparison.Ordinal);
    }
}
