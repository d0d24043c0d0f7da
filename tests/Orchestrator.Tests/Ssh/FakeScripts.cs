namespace Orchestrator.Tests.Ssh;

/// <summary>The fake nvidia-smi and the fake Headless-Wan2GP checkout of a <see cref="FakePod"/>.</summary>
internal static class FakeScripts
{
    public const string GpuLine = "NVIDIA GeForce RTX 4090, 24564 MiB, 1 MiB, 550.54.15";

    public static void WriteNvidiaSmi(string bin, GpuMode mode)
    {
        var body = mode switch
        {
            GpuMode.Ok => $"echo '{GpuLine}'",
            GpuMode.Fails => "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"; exit 9",
            GpuMode.NoDevice => "echo 'No devices were found'; exit 6",
            GpuMode.Hangs => "exec sleep 120",
            GpuMode.Garbage => "head -c 4000000 /dev/urandom; printf '\\377\\376NVIDIA \\033[31m\\300, 24564 MiB, 1 MiB, 550\\n'; exit 0",
            _ => null,
        };
        if (body is not null)
        {
            TestProcess.WriteExecutable(Path.Combine(bin, "nvidia-smi"), $"#!/bin/sh\n{body}\n");
        }
    }

    public static void WriteCheckout(string checkout, FakePodSetup setup)
    {
        Directory.CreateDirectory(Path.Combine(checkout, "venv", "bin"));
        var python = Path.Combine(checkout, "venv", "bin", "python");
        if (setup.PythonWorks)
        {
            File.CreateSymbolicLink(python, "/usr/bin/python3");
        }
        else
        {
            TestProcess.WriteExecutable(python, "#!/bin/sh\necho 'broken interpreter' >&2\nexit 1\n");
        }
        if (setup.HangingGit)
        {
            Directory.CreateDirectory(Path.Combine(checkout, ".git"));
        }
        var ending = setup.WorkerDies
            ? "print('boom: CUDA error: no kernel image is available', file=sys.stderr, flush=True)\nsys.exit(1)"
            : "time.sleep(600)";
        File.WriteAllText(Path.Combine(checkout, "worker.py"), $$"""
            import json, os, sys, time
            record = os.path.join(os.path.dirname(os.path.abspath(__file__)), "record-%d.json" % os.getpid())
            fd = os.open(record, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                json.dump({"argv": sys.argv, "env": dict(os.environ), "cwd": os.getcwd()}, f)
            print("fake worker started", flush=True)
            {{ending}}

            """);
    }
}
