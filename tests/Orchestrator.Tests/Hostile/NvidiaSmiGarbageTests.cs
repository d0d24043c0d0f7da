using System.Text;
using Orchestrator.Bootstrap;
using Orchestrator.Tests.Ssh;
using Xunit;

namespace Orchestrator.Tests.Hostile;

/// <summary>
/// Issue 15 item 7: <c>nvidia-smi</c> that prints garbage (random bytes, not UTF-8, control characters, absurd numbers)
/// reads as "no GPU" with a reason, never as a GPU with a garbled name and never as a crash.
/// </summary>
public sealed class NvidiaSmiGarbageTests
{
    private static readonly UTF8Encoding Lenient = new(false, false);

    [Theory]
    [InlineData("\uFFFD\uFFFDNVIDIA \u001b[31m\uFFFD, 24564 MiB, 1 MiB, 550.54.15")]
    [InlineData("NVIDIA GeForce RTX 4090\u0000, 24564 MiB, 1 MiB, 550.54.15")]
    [InlineData("NVIDIA GeForce RTX 4090, 99999999999999999999 MiB, 1 MiB, 550.54.15")]
    [InlineData("NVIDIA GeForce RTX 4090, -24564 MiB, 1 MiB, 550.54.15")]
    [InlineData("NVIDIA GeForce RTX 4090, 24564 MiB, 1 MiB, 550\u0007")]
    [InlineData(",,,")]
    [InlineData(", , , , , , , ,")]
    [InlineData("\u0000\u0000\u0000")]
    public void A_garbled_row_is_not_a_gpu(string line)
    {
        Assert.Null(NvidiaSmiParser.ParseLine(line));
        Assert.Empty(NvidiaSmiParser.Parse(line + "\n" + line));
    }

    [Fact]
    public void A_name_of_absurd_length_is_not_a_gpu()
    {
        Assert.Empty(NvidiaSmiParser.Parse(new string('N', 100_000) + ", 24564 MiB, 1 MiB, 550.54.15"));
    }

    [Fact]
    public void Random_bytes_never_throw_and_never_make_a_gpu_with_a_garbled_name()
    {
        var random = new Random(15);
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            var gpus = NvidiaSmiParser.Parse(Lenient.GetString(bytes) + "\n" + FakeScripts.GpuLine);
            var gpu = Assert.Single(gpus, g => g.Name == "NVIDIA GeForce RTX 4090");
            Assert.All(gpus, g => Assert.DoesNotContain(g.Name, c => char.IsControl(c) || c == '\uFFFD'));
            Assert.Equal(24564, gpu.MemoryTotalMiB);
        }
    }

    [Fact]
    public async Task Four_megabytes_of_random_bytes_from_nvidia_smi_over_ssh_fail_the_gpu_check_with_a_reason()
    {
        await using var pod = await FakePod.StartAsync(new FakePodSetup { Gpu = GpuMode.Garbage });
        using var logs = new CapturedLogs();
        using var shell = pod.Shell(logs.Factory());
        var bootstrapper = pod.Bootstrapper(shell, SshTestSecrets.Create(), logs.Factory());

        var (report, failure) = await bootstrapper.VerifyAsync(pod.Target("podgarbage"), CancellationToken.None);

        Assert.Null(failure);
        var gpu = Assert.Single(report!.Checks, c => c.Name == "gpu");
        Assert.False(gpu.Passed);
        Assert.Equal(BootstrapReasons.NoGpu, gpu.Reason);
        Assert.Empty(report.Gpus);
        Assert.True(gpu.Detail.Length < 4_000, $"detail of {gpu.Detail.Length} chars");
        Assert.All(report.Checks.Where(c => c.Name != "gpu"), c => Assert.True(c.Passed, c.Detail)); // the rest of the pod still reads
    }
}
