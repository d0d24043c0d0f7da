using Microsoft.Extensions.Configuration;
using Orchestrator.Configuration;
using Orchestrator.Hosting;
using Orchestrator.RunPod;
using Xunit;

namespace Orchestrator.Tests.RunPod;

/// <summary>RUNPOD_* parsing and validation: every bad value is a problem naming the variable, secrets masked.</summary>
public sealed class RunPodOptionsReaderTests
{
    private static (RunPodOptions Options, IReadOnlyList<string> Problems) Read(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var reader = new SettingsReader(configuration);
        var config = OrchestratorConfig.Load(reader);
        var options = CloudRegistration.ReadRunPod(config, reader);
        return (options, reader.Problems);
    }

    [Fact]
    public void Defaults_are_secure_on_demand_ssh_only_with_workspace_mount()
    {
        var (o, problems) = Read(("RUNPOD_API_KEY", "rp_key_abcdef"));

        Assert.Empty(problems);
        Assert.Equal("graphql", o.Api);
        Assert.Equal(new Uri("https://api.runpod.io/graphql"), o.GraphQlUrl);
        Assert.Equal("SECURE", o.CloudType);
        Assert.False(o.Spot);
        Assert.Equal(["22/tcp"], o.Ports);
        Assert.Equal("/workspace", o.VolumeMountPath);
        Assert.Equal([72, 60, 48, 32], o.MemoryTiers);
    }

    [Fact]
    public void Gpu_list_takes_optional_price_ceilings_and_lists_are_split()
    {
        var (o, problems) = Read(("RUNPOD_API_KEY", "k_123456"), ("RUNPOD_GPU_TYPE", "NVIDIA GeForce RTX 4090:0.80, L40S"),
            ("RUNPOD_STORAGE_NAME", "Peter,EU-NO-1"), ("RUNPOD_MEMORY_TIERS", "16,64,32"), ("RUNPOD_MIN_MEMORY_GB", "32"),
            ("WORKER_EXTRA_ENV", "HF_TOKEN=abc=def; MODE=fast"), ("RUNPOD_API", "REST"));

        Assert.Empty(problems);
        Assert.Equal([new GpuChoice("NVIDIA GeForce RTX 4090", 0.80m), new GpuChoice("L40S", null)], o.GpuTypes);
        Assert.Equal(["Peter", "EU-NO-1"], o.StorageNames);
        Assert.Equal([64, 32], o.MemoryTiers);
        Assert.Equal("abc=def", o.ExtraEnv["HF_TOKEN"].Reveal());
        Assert.True(o.UsesRest);
    }

    [Theory]
    [InlineData("RUNPOD_API", "soap", "RUNPOD_API")]
    [InlineData("RUNPOD_SPOT", "true", "RUNPOD_BID_PER_GPU")]
    [InlineData("RUNPOD_GPU_TYPE", "RTX 4090:cheap", "RUNPOD_GPU_TYPE")]
    [InlineData("RUNPOD_PORTS", "8888/http", "RUNPOD_PORTS")]
    [InlineData("RUNPOD_PORTS", "22/tcp,abc", "RUNPOD_PORTS")]
    [InlineData("RUNPOD_CLOUD_TYPE", "CHEAP", "RUNPOD_CLOUD_TYPE")]
    [InlineData("RUNPOD_API_BASE_URL", "https://api.runpod.io/graphql?api_key=x", "RUNPOD_API_BASE_URL")]
    [InlineData("RUNPOD_REST_BASE_URL", "not a url", "RUNPOD_REST_BASE_URL")]
    [InlineData("RUNPOD_VOLUME_MOUNT_PATH", "workspace", "RUNPOD_VOLUME_MOUNT_PATH")]
    [InlineData("RUNPOD_MEMORY_TIERS", "72,lots", "RUNPOD_MEMORY_TIERS")]
    [InlineData("RUNPOD_SSH_PUBLIC_KEY_PATH", "/nonexistent/key.pub", "RUNPOD_SSH_PUBLIC_KEY_PATH")]
    [InlineData("WORKER_EXTRA_ENV", "WORKER_ID=evil", "WORKER_EXTRA_ENV")]
    [InlineData("WORKER_EXTRA_ENV", "no-equals-sign", "WORKER_EXTRA_ENV")]
    public void Bad_values_are_problems_naming_the_variable(string key, string value, string named)
    {
        var (_, problems) = Read(("RUNPOD_API_KEY", "k_123456"), (key, value));

        Assert.Contains(problems, p => p.StartsWith(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_api_key_is_a_problem_and_secrets_never_appear_in_problems()
    {
        var (_, problems) = Read(("WORKER_EXTRA_ENV", "TOKEN=supersecretvalue;bad key=x"));

        Assert.Contains(problems, p => p.StartsWith("RUNPOD_API_KEY", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("supersecretvalue", StringComparison.Ordinal));
    }

    [Fact]
    public void Spot_with_a_bid_and_a_public_key_file_are_read()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "ssh-ed25519 AAAAKEY op@host\n");
        try
        {
            var (o, problems) = Read(("RUNPOD_API_KEY", "k_123456"), ("RUNPOD_SPOT", "true"), ("RUNPOD_BID_PER_GPU", "0.3"), ("RUNPOD_SSH_PUBLIC_KEY_PATH", path));

            Assert.Empty(problems);
            Assert.Equal(0.3m, o.BidPerGpu);
            Assert.Equal("ssh-ed25519 AAAAKEY op@host", o.SshPublicKey);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Rest_defaults_to_the_v2_base_and_refuses_spot_and_the_all_cloud()
    {
        var (o, problems) = Read(("RUNPOD_API_KEY", "k_123456"), ("RUNPOD_API", "rest"));
        Assert.Empty(problems);
        Assert.Equal(new Uri("https://api.runpod.io/v2"), o.RestBaseUrl);

        (_, problems) = Read(("RUNPOD_API_KEY", "k_123456"), ("RUNPOD_API", "rest"), ("RUNPOD_SPOT", "true"), ("RUNPOD_CLOUD_TYPE", "ALL"));
        Assert.Contains(problems, p => p.StartsWith("RUNPOD_SPOT", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("RUNPOD_CLOUD_TYPE", StringComparison.Ordinal));

        (_, problems) = Read(("RUNPOD_API_KEY", "k_123456"), ("RUNPOD_API", "rest"), ("RUNPOD_DISK_SIZE_GB", "5"));
        Assert.Contains(problems, p => p.StartsWith("RUNPOD_DISK_SIZE_GB", StringComparison.Ordinal));
    }
}
