using Orchestrator.Bootstrap;
using Xunit;

namespace Orchestrator.Tests.Ssh;

public sealed class VerificationParserTests
{
    private const string Healthy = "volume=present\nvolume_writable=yes\nvolume_mountpoint=yes\ncheckout=present\nnvidia_rc=0\nnvidia: NVIDIA GeForce RTX 4090, 24564 MiB, 1 MiB, 550.54.15\npython=/w/H/venv/bin/python\npython_version=Python 3.10.12\n";

    [Theory]
    [InlineData("", null, null)]
    [InlineData("volume=present", "volume=missing", "volume-missing")]
    [InlineData("volume_writable=yes", "volume_writable=no", "volume-readonly")]
    [InlineData("checkout=present", "checkout=missing", "checkout-missing")]
    [InlineData("checkout=present", "checkout=no-entry", "checkout-missing")]
    [InlineData("nvidia_rc=0", "nvidia_rc=9", "nvidia-smi-failed")]
    [InlineData("nvidia: NVIDIA GeForce RTX 4090, 24564 MiB, 1 MiB, 550.54.15", "nvidia: No devices were found", "no-gpu")]
    [InlineData("nvidia: NVIDIA GeForce RTX 4090, 24564 MiB, 1 MiB, 550.54.15", "nvidia: something else", "no-gpu")]
    [InlineData("python=/w/H/venv/bin/python", "python=missing", "python-missing")]
    public void Each_missing_piece_has_its_reason(string replace, string? with, string? reason)
    {
        var output = with is null ? Healthy : Healthy.Replace(replace, with, StringComparison.Ordinal);
        var report = VerificationParser.Parse(output, "/w", "/w/H");
        Assert.Equal(reason, report.FirstFailure?.Reason);
        Assert.Equal(4, report.Checks.Count);
    }

    [Fact]
    public void Empty_output_fails_every_check_and_metadata_holds_the_gpu_facts_when_found()
    {
        Assert.All(VerificationParser.Parse("", "/w", "/w/H").Checks, c => Assert.False(c.Passed));
        var metadata = VerificationParser.Parse(Healthy, "/w", "/w/H").ToMetadata().ToJsonString();
        Assert.Equal("{\"gpu_name\":\"NVIDIA GeForce RTX 4090\",\"gpu_memory_total_mb\":24564,\"gpu_memory_used_mb\":1,\"gpu_driver_version\":\"550.54.15\",\"gpu_count\":1,\"python_version\":\"Python 3.10.12\",\"volume_mountpoint\":true}", metadata);
    }
}
