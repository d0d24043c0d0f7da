using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Orchestrator.Bootstrap;
using Orchestrator.Core.Ports;
using Orchestrator.Ssh;

namespace Orchestrator.Tests.Ssh;

/// <summary>
/// A "pod" on 127.0.0.1: a real sshd (Debian's openssh-server) with its own host key and authorized_keys,
/// a temp directory as the volume holding a fake Headless-Wan2GP checkout (worker.py records its argv and
/// environment), and fake nvidia-smi/git first on the session's PATH. Logs in as the current user.
/// </summary>
public sealed class FakePod : IAsyncDisposable
{
    private readonly StringBuilder _sshdLog = new();
    private Process? _sshd;

    private FakePod(string root, FakePodSetup setup)
    {
        Root = root;
        Setup = setup;
        Port = TestProcess.FreePort();
    }

    public string Root { get; }
    public FakePodSetup Setup { get; }
    public int Port { get; }
    public string Volume => Path.Combine(Root, "volume");
    public string Checkout => Path.Combine(Volume, "Headless-Wan2GP");
    public string KnownHosts => Path.Combine(Root, "service", "known_hosts");
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
            ConnectTimeout = TimeSpan.FromSeconds(5),
            CommandTimeout = TimeSpan.FromSeconds(30),
            KnownHostsPath = KnownHosts,
            VolumeMountPath = Volume,
            CheckoutDir = Checkout,
            GitPullTimeout = TimeSpan.FromSeconds(1),
            LaunchConfirmWait = TimeSpan.FromSeconds(1),
            LogTailLines = 20,
        };
        return change is null ? options : change(options);
    }

    public ShellWorkerBootstrapper Bootstrapper(WorkerSecrets secrets, ILoggerFactory logs, SshOptions? options = null)
    {
        options ??= Options();
        var shell = new OpenSshRemoteShell(options, new SshKeyFile(options), logs.CreateLogger<OpenSshRemoteShell>());
        return new ShellWorkerBootstrapper(shell, options, secrets, logs.CreateLogger<ShellWorkerBootstrapper>());
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
            SetEnv PATH={bin}:/usr/local/bin:/usr/bin:/bin

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
