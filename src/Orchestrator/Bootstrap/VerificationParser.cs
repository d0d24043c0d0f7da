namespace Orchestrator.Bootstrap;

/// <summary>Turns the output of <see cref="VerificationScript"/> into typed checks, each failure with a reason code.</summary>
public static class VerificationParser
{
    public static VerificationReport Parse(string output, string mountPath, string checkoutDir)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var nvidia = new List<string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("nvidia: ", StringComparison.Ordinal))
            {
                nvidia.Add(line["nvidia: ".Length..].Trim());
            }
            else if (line.IndexOf('=', StringComparison.Ordinal) is > 0 and var i)
            {
                values.TryAdd(line[..i], line[(i + 1)..].Trim());
            }
        }
        var gpus = NvidiaSmiParser.Parse(string.Join('\n', nvidia));
        var checks = new List<VerificationCheck>
        {
            Volume(values, mountPath),
            Checkout(values, checkoutDir),
            Gpu(values, nvidia, gpus),
            Python(values),
        };
        return new VerificationReport(checks, gpus, values.GetValueOrDefault("python_version"),
            values.TryGetValue("volume_mountpoint", out var m) ? m == "yes" : null);
    }

    private static VerificationCheck Volume(Dictionary<string, string> v, string mount) =>
        v.GetValueOrDefault("volume") switch
        {
            "present" when v.GetValueOrDefault("volume_writable") == "yes" => VerificationCheck.Pass("volume", $"{mount} is present and writable"),
            "present" => VerificationCheck.Fail("volume", BootstrapReasons.VolumeReadOnly, $"{mount} is not writable"),
            _ => VerificationCheck.Fail("volume", BootstrapReasons.VolumeMissing, $"{mount} does not exist"),
        };

    private static VerificationCheck Checkout(Dictionary<string, string> v, string checkout) =>
        v.GetValueOrDefault("checkout") switch
        {
            "present" => VerificationCheck.Pass("checkout", $"{checkout} is present"),
            "no-entry" => VerificationCheck.Fail("checkout", BootstrapReasons.CheckoutMissing, $"{checkout} has no worker entry script"),
            _ => VerificationCheck.Fail("checkout", BootstrapReasons.CheckoutMissing, $"{checkout} does not exist"),
        };

    private static VerificationCheck Gpu(Dictionary<string, string> v, List<string> lines, IReadOnlyList<GpuInfo> gpus)
    {
        var said = lines.Count == 0 ? "no output" : string.Join(" | ", lines.Take(3));
        if (lines.Any(l => l.Contains("No devices were found", StringComparison.OrdinalIgnoreCase)))
        {
            return VerificationCheck.Fail("gpu", BootstrapReasons.NoGpu, $"nvidia-smi: {said}");
        }
        if (v.GetValueOrDefault("nvidia_rc") != "0")
        {
            return VerificationCheck.Fail("gpu", BootstrapReasons.NvidiaSmiFailed, $"nvidia-smi exited {v.GetValueOrDefault("nvidia_rc") ?? "?"}: {said}");
        }
        if (gpus.Count == 0)
        {
            return VerificationCheck.Fail("gpu", BootstrapReasons.NoGpu, $"nvidia-smi reported no GPU: {said}");
        }
        var g = gpus[0];
        return VerificationCheck.Pass("gpu", $"{gpus.Count} x {g.Name}, {g.MemoryTotalMiB} MiB total, {g.MemoryUsedMiB?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} MiB used, driver {g.DriverVersion}");
    }

    private static VerificationCheck Python(Dictionary<string, string> v) =>
        v.GetValueOrDefault("python") is { } py && py != "missing"
            ? VerificationCheck.Pass("python", $"{v.GetValueOrDefault("python_version") ?? "python"} at {py}")
            : VerificationCheck.Fail("python", BootstrapReasons.PythonMissing, v.GetValueOrDefault("python_tried") is { } tried
                ? $"{tried} does not run"
                : "no venv/bin/python in the checkout and no python3 on PATH");
}
