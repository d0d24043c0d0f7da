using Orchestrator.Bootstrap;
using Xunit;

namespace Orchestrator.Tests.Ssh;

public sealed class NvidiaSmiParserTests
{
    [Theory]
    [InlineData("NVIDIA GeForce RTX 4090, 24564 MiB, 1 MiB, 550.54.15", "NVIDIA GeForce RTX 4090", 24564, 1, "550.54.15")]
    [InlineData("NVIDIA A100-SXM4-80GB, 81920, 4, 535.104.05", "NVIDIA A100-SXM4-80GB", 81920, 4, "535.104.05")]
    [InlineData("  NVIDIA L40S , 46068 MiB , [N/A] , 550.90.07 ", "NVIDIA L40S", 46068, null, "550.90.07")]
    public void Gpu_row_is_parsed(string line, string name, int total, int? used, string driver) =>
        Assert.Equal(new GpuInfo(name, total, used, driver), NvidiaSmiParser.ParseLine(line));

    [Theory]
    [InlineData("No devices were found")]
    [InlineData("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.")]
    [InlineData("name, memory.total [MiB], memory.used [MiB], driver_version")]
    [InlineData("NVIDIA GeForce RTX 4090, [N/A], 1 MiB, 550.54.15")]
    [InlineData("NVIDIA GeForce RTX 4090, 24564 MiB, 1 MiB")]
    [InlineData("")]
    public void Non_gpu_line_is_not_a_gpu(string line) => Assert.Null(NvidiaSmiParser.ParseLine(line));

    [Fact]
    public void Several_gpus_are_all_listed_in_order()
    {
        var gpus = NvidiaSmiParser.Parse("NVIDIA H100 80GB HBM3, 81559 MiB, 0 MiB, 550.54.15\nNVIDIA H100 80GB HBM3, 81559 MiB, 10 MiB, 550.54.15\n");
        Assert.Equal([0, 10], gpus.Select(g => g.MemoryUsedMiB));
    }
}
