using System.Text;
using Microsoft.Extensions.Logging;
using Orchestrator.Configuration;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Orchestrator.Ssh;
using Xunit;

namespace Orchestrator.Tests.Ssh;

/// <summary>
/// The worker gets its secrets in its environment, and they are nowhere else: not in /proc/&lt;pid&gt;/cmdline,
/// not in a file others can read, not in the service's logs. The private key given as text is written 0600.
/// </summary>
public sealed class SecretHandlingTests
{
    private const string WorkerId = "gpu-20250101_000000-cccccccc";

    [Fact]
    public async Task Secrets_reach_the_worker_environment_and_nothing_else()
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        var secrets = SshTestSecrets.Create();
        var privateKey = TestKeys.PrivateKeyText;
        var options = pod.Options(o => o with { PrivateKey = new Secret(privateKey), PrivateKeyPath = null });
        using var keyFile = new SshKeyFile(options);
        var shell = new OpenSshRemoteShell(options, keyFile, logs.Factory().CreateLogger<OpenSshRemoteShell>());
        var bootstrapper = new Bootstrap.ShellWorkerBootstrapper(shell, options, secrets, logs.Factory().CreateLogger<Bootstrap.ShellWorkerBootstrapper>());

        var outcome = await bootstrapper.BootstrapAsync(new BootstrapTarget(WorkerId, "podsecret", new SshEndpoint("127.0.0.1", pod.Port)), CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Detail);
        await WorkerLaunchTests.WaitForRecordAsync(pod);
        var pid = Assert.Single(pod.LiveWorkerPids());

        var cmdline = Encoding.UTF8.GetString(await File.ReadAllBytesAsync($"/proc/{pid}/cmdline")).Replace('\0', ' ');
        var environ = Encoding.UTF8.GetString(await File.ReadAllBytesAsync($"/proc/{pid}/environ")).Split('\0');
        string[] values = [secrets.ServiceRoleKey.Reveal(), secrets.AnonKey!.Reveal()];
        foreach (var value in values)
        {
            Assert.DoesNotContain(value, cmdline, StringComparison.Ordinal);
        }
        Assert.Contains("${SUPABASE_SERVICE_ROLE_KEY}", cmdline, StringComparison.Ordinal);
        Assert.Contains($"SUPABASE_SERVICE_ROLE_KEY={values[0]}", environ);
        Assert.Contains($"SUPABASE_ANON_KEY={values[1]}", environ);
        Assert.Contains($"WORKER_ID={WorkerId}", environ);

        AssertOnlyPrivateFilesHold(values, [pod.Root, .. Directory.GetDirectories("/tmp", "orchestrator-launch.*")]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, TestProcess.Mode(keyFile.Path!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, TestProcess.Mode(Path.GetDirectoryName(keyFile.Path!)!));

        var logged = logs.All;
        Assert.NotEmpty(logs.Lines);
        foreach (var value in values.Append(privateKey.Split('\n')[1]))
        {
            Assert.DoesNotContain(value, logged, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Key_file_from_text_is_removed_on_dispose_and_literal_newlines_are_restored()
    {
        var text = TestKeys.PrivateKeyText.TrimEnd().Replace("\n", "\\n", StringComparison.Ordinal);
        var keyFile = new SshKeyFile(new SshOptions { PrivateKey = new Secret(text) });
        var path = keyFile.Path!;

        Assert.Equal(TestKeys.PrivateKeyText.TrimEnd() + "\n", File.ReadAllText(path));
        keyFile.Dispose();
        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    /// <summary>Every file (not following links) under the roots that contains a secret must be unreadable by group and others.</summary>
    private static void AssertOnlyPrivateFilesHold(string[] values, string[] roots)
    {
        const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint, MaxRecursionDepth = 6 };
        var checkedFiles = 0;
        foreach (var file in roots.SelectMany(r => Directory.EnumerateFiles(r, "*", options)))
        {
            var info = new FileInfo(file);
            if (info.Length > 4_000_000 || info.LinkTarget is not null)
            {
                continue;
            }
            string text;
            try { text = File.ReadAllText(file); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            if (values.Any(v => text.Contains(v, StringComparison.Ordinal)))
            {
                checkedFiles++;
                Assert.True((TestProcess.Mode(file) & Others) == 0, $"{file} holds a secret and is readable by others");
                Assert.DoesNotContain("worker.env", file, StringComparison.Ordinal);
            }
        }
        Assert.Equal(1, checkedFiles);
    }
}
