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
/// not in a file others can read, not in the service's logs. The private key given as text is never written to disk.
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
        var bootstrapper = pod.Bootstrapper(secrets, logs.Factory(), options);

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
        var keyLine = privateKey.Split('\n')[2]; // key material (line 1 is a header every OpenSSH key shares)
        // Regular files only (find -type f): reading a FIFO under /tmp would block.
        var keyCopies = SmallRegularFiles(Path.GetTempPath(), pod.Root)
            .Where(f => Path.GetDirectoryName(f) != Path.GetDirectoryName(TestKeys.ClientKeyPath) && SafeRead(f).Contains(keyLine, StringComparison.Ordinal));
        // SshKeyCheckTests copies the test key into its own directories; anything else holding it would be ours.
        Assert.Empty(keyCopies.Where(f => !f.Contains("/ssh-key-check-", StringComparison.Ordinal)).ToList());

        var logged = logs.All;
        Assert.NotEmpty(logs.Lines);
        foreach (var value in values.Append(privateKey.Split('\n')[1]))
        {
            Assert.DoesNotContain(value, logged, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Key_text_with_literal_newlines_parses_in_memory()
    {
        var text = TestKeys.PrivateKeyText.TrimEnd().Replace("\n", "\\n", StringComparison.Ordinal);

        var key = new SshPrivateKey(new SshOptions { PrivateKey = new Secret(text) });

        Assert.Null(key.Problem);
        Assert.StartsWith("ssh-ed25519 SHA256:", key.Summary, StringComparison.Ordinal);
        Assert.Equal(TestKeys.PrivateKeyText.TrimEnd() + "\n", SshPrivateKey.Normalize(text));
    }

    /// <summary>
    /// Regular files under 100 kB at most four levels below the roots. Tests running beside this one remove their
    /// directories meanwhile, so find's complaints about names that vanished between listing and reading are no
    /// failure (-ignore_readdir_race does not cover a directory that vanishes before find opens it); any other is.
    /// </summary>
    private static string[] SmallRegularFiles(params string[] roots)
    {
        var (exitCode, output, error) = TestProcess.Capture("find", [.. roots, "-ignore_readdir_race", "-maxdepth", "4", "-type", "f", "-size", "-100k"]);
        var complaints = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(exitCode == 0 || complaints.All(c => c.EndsWith("No such file or directory", StringComparison.Ordinal)),
            $"find exited {exitCode}: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The files under a root, or none when the root (another test's launch directory) vanishes meanwhile.</summary>
    private static List<string> ListOrNone(string root, EnumerationOptions options)
    {
        try { return Directory.EnumerateFiles(root, "*", options).ToList(); } catch (DirectoryNotFoundException) { return []; }
    }

    private static string SafeRead(string file)
    {
        try { return File.ReadAllText(file); } catch (IOException) { return ""; } catch (UnauthorizedAccessException) { return ""; }
    }

    /// <summary>Every file (not following links) under the roots that contains a secret must be unreadable by group and others.</summary>
    private static void AssertOnlyPrivateFilesHold(string[] values, string[] roots)
    {
        const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint, MaxRecursionDepth = 6 };
        var checkedFiles = 0;
        foreach (var file in roots.SelectMany(r => ListOrNone(r, options)))
        {
            string text;
            try
            {
                // A file of another test may vanish between listing and reading (FileNotFoundException is an IOException).
                var info = new FileInfo(file);
                if (info.Length > 4_000_000 || info.LinkTarget is not null)
                {
                    continue;
                }
                text = File.ReadAllText(file);
            }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
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
