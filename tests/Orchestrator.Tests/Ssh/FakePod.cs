using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Orchestrator.Bootstrap;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Ssh;

namespace Orchestrator.Tests.Ssh;

/// <summary>
/// A "pod" on 127.0.0.1: a real sshd (Debian's openssh-server) with its own host key and authorized_keys,
/// a temp directory as the volume holding a fake Headless-Wan2GP checkout (worker.py records its argv and
/// environment), and fake nvidia-smi/git first on the session's PATH. Logs in as the current user.
/// Host keys are pinned in <see cref="Store"/> (an in-memory fleet store), where a worker row is made for any pod id used.
/// <see cref="FakePodSetup.CommandDelay"/> makes sshd run every command after a fixed delay (ForceCommand), for the benchmark.
/// </summary>
public sealed class FakePod : IAsyncDisposable
{
    private readonly StringBuilder _sshdLog = new();
    private Process? _sshd;

    private FakePod(string root, FakePodSetup setup)
    {
        Root = root;
        Setup = setup;
        Port = LoopbackPort.Free();
    }

    public string Root { get; }
    public FakePodSetup Setup { get; }
    public int Port { get; }
    public string Volume => Path.Combine(Root, "volume");
    public string Checkout => Path.Combine(Volume, "Headless-Wan2GP");
    public string AuthorizedKeys => Path.Combine(Root, "authorized_keys");
    public InMemoryFleetStore Store { get; } = new(new DemandOptions());

    /// <summary>Pins in <see cref="Store"/>, registering a worker row for a pod id the first time it is used.</summary>
    public IHostKeyPins Pins => new AutoRowPins(Store);

    /// <summary>Authenticated connections sshd accepted so far (its own log, "Accepted publickey").</summary>
    public int AcceptedConnections => SshdLog.Split('\n').Count(l => l.Contains("Accepted publickey", StringComparison.Ordinal));

    /// <summary>The host key's SHA-256 fingerprint as OpenSSH prints it, without "SHA256:".</summary>
    public string HostKeyFingerprint => TestProcess.Run("ssh-keygen", "-l", "-f", Path.Combine(Root, "hostkey.pub")).Split(' ')[1]["SHA256:".Length..];
    public string SshdLog { get { lock (_sshdLog) { return _sshdLog.ToString(); } } }

    public static async Task<FakePod> StartAsync(FakePodSetup? setup = null)
    {
        var root = Directory.CreateTempSubdirectory("fakepod-").FullName;
        var pod = new FakePod(root, setup ?? new FakePodSetup());
        pod.Lay();
        await pod.StartSshdAsync().ConfigureAwait(false);
        return pod;
    }

    public ShellTarget Target(string podId = "podtest1") => new("127.0.0.1", Port, podId);

    public SshOptions Options(Func<SshOptions, SshOptions>? change = null)
    {
        var options = new SshOptions
        {
            PrivateKeyPath = TestKeys.ClientKeyPath,
            User = Environment.UserName,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            CommandTimeout = TimeSpan.FromSeconds(30),
            VolumeMountPath = Volume,
            CheckoutDir = Checkout,
            GitPullTimeout = TimeSpan.FromSeconds(1),
            LaunchConfirmWait = TimeSpan.FromSeconds(1),
            LogTailLines = 20,
        };
        return change is null ? options : change(options);
    }

    public ShellWorkerBootstrapper Bootstrapper(WorkerSecrets secrets, ILoggerFactory logs, SshOptions? options = null, IHostKeyPins? pins = null) =>
        Bootstrapper(Shell(logs, options, pins), secrets, logs, options);

    public ShellWorkerBootstrapper Bootstrapper(SshNetRemoteShell shell, WorkerSecrets secrets, ILoggerFactory logs, SshOptions? options = null) =>
        new(shell, options ?? Options(), secrets, logs.CreateLogger<ShellWorkerBootstrapper>());

    /// <summary>A new shell, as a new replica or a restarted container would have: no connections, the pins of <paramref name="pins"/>.</summary>
    public SshNetRemoteShell Shell(ILoggerFactory logs, SshOptions? options = null, IHostKeyPins? pins = null)
    {
        options ??= Options();
        return new SshNetRemoteShell(options, new SshPrivateKey(options), pins ?? Pins, TimeProvider.System, logs.CreateLogger<SshNetRemoteShell>());
    }

    /// <summary>Pids from the worker pid files, for the processes that are still alive.</summary>
    public IReadOnlyList<int> LiveWorkerPids() =>
        Directory.Exists(Path.Combine(Checkout, "logs"))
            ? Directory.GetFiles(Path.Combine(Checkout, "logs"), "*.pid")
                .Select(f => int.TryParse(File.ReadAllText(f).Trim(), out var pid) ? pid : 0)
                .Where(pid => pid > 0 && Directory.Exists($"/proc/{pid}")).ToList()
            : [];

    /// <summary>Simulates another machine answering on the same address: new host key, same port.</summary>
    public async Task RestartWithNewHostKeyAsync()
    {
        StopSshd();
        File.Delete(Path.Combine(Root, "hostkey"));
        File.Delete(Path.Combine(Root, "hostkey.pub"));
        TestProcess.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(Root, "hostkey"));
        await StartSshdAsync().ConfigureAwait(false);
    }

    private void Lay()
    {
        var bin = Directory.CreateDirectory(Path.Combine(Root, "bin")).FullName;
        // The pod's own home, with a plain .bashrc as a pod image has. Sessions log in as the user running the tests, and
        // bash started by sshd reads ~/.bashrc even for a command: this machine's root .bashrc runs `pyenv init`
        // (about 180 ms of CPU per remote command), which would be the test machine's cost, not a pod's.
        var home = Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;
        File.WriteAllText(Path.Combine(home, ".bashrc"), "# a pod's plain .bashrc\n");
        TestProcess.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(Root, "hostkey"));
        File.Copy(TestKeys.ClientKeyPath + ".pub", Path.Combine(Root, "authorized_keys"));
        FakeScripts.WriteNvidiaSmi(bin, Setup.Gpu);
        if (Setup.HangingGit)
        {
            TestProcess.WriteExecutable(Path.Combine(bin, "git"), "#!/bin/sh\nexec sleep 60\n");
        }
        if (Setup.Volume)
        {
            Directory.CreateDirectory(Volume);
        }
        if (Setup.Volume && Setup.Checkout)
        {
            FakeScripts.WriteCheckout(Checkout, Setup);
        }
        File.WriteAllText(Path.Combine(Root, "sshd_config"), $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {Root}/hostkey
            PidFile none
            AuthorizedKeysFile {Root}/authorized_keys
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            MaxStartups 50
            SetEnv PATH={bin}:/usr/local/bin:/usr/bin:/bin HOME={home}
            {(Setup.CommandDelay is { } delay ? $"ForceCommand sleep {delay.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}; eval \"$SSH_ORIGINAL_COMMAND\"" : "")}

            """);
    }

    private async Task StartSshdAsync()
    {
        if (Environment.UserName == "root")
        {
            Directory.CreateDirectory("/run/sshd");
        }
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var info = new ProcessStartInfo("/usr/sbin/sshd") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-D", "-e", "-f", Path.Combine(Root, "sshd_config") })
        {
            info.ArgumentList.Add(a);
        }
        _sshd = Process.Start(info)!;
        _sshd.ErrorDataReceived += (_, e) =>
        {
            lock (_sshdLog) { _sshdLog.AppendLine(e.Data); }
            if (e.Data?.Contains("Server listening", StringComparison.Ordinal) == true) { listening.TrySetResult(); }
        };
        _sshd.BeginErrorReadLine();
        _sshd.BeginOutputReadLine();
        var done = await Task.WhenAny(listening.Task, _sshd.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(20))).ConfigureAwait(false);
        if (done != listening.Task)
        {
            throw new InvalidOperationException($"sshd did not start: {SshdLog}");
        }
    }

    private void StopSshd()
    {
        if (_sshd is { HasExited: false })
        {
            _sshd.Kill(entireProcessTree: true);
            _sshd.WaitForExit();
        }
        _sshd?.Dispose();
        _sshd = null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pid in LiveWorkerPids())
        {
            try { Process.GetProcessById(pid).Kill(entireProcessTree: true); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
        StopSshd();
        TestProcess.TryRun("chattr", "-R", "-i", Volume);
        await Task.Yield();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
