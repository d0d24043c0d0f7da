using Orchestrator.Configuration;
using Orchestrator.Service.Checks;
using Orchestrator.Ssh;
using Orchestrator.Tests.Ssh;
using Xunit;

namespace Orchestrator.Tests.Checks;

/// <summary><c>ssh-key</c> with real keys made by ssh-keygen, as text and as a path.</summary>
public sealed class SshKeyCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ssh-key-check-").FullName;

    [Fact]
    public async Task Key_text_parses_in_memory_and_shows_type_and_fingerprint_never_the_key()
    {
        var result = await RunAsync(new SshOptions { PrivateKey = new Secret(TestKeys.PrivateKeyText.Replace("\n", "\\n", StringComparison.Ordinal)) });

        Assert.True(result.Passed, result.Detail);
        Assert.StartsWith("RUNPOD_SSH_PRIVATE_KEY: ssh-ed25519 SHA256:", result.Detail, StringComparison.Ordinal);
        Assert.Contains(Fingerprint(TestKeys.ClientKeyPath), result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(PublicKeyBase64(), result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_path_with_mode_0600_passes()
    {
        var path = CopyKey(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = await RunAsync(new SshOptions { PrivateKeyPath = path });

        Assert.True(result.Passed, result.Detail);
        Assert.Contains(Fingerprint(path), result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_path_readable_by_group_and_others_fails_with_its_mode()
    {
        var path = CopyKey(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var result = await RunAsync(new SshOptions { PrivateKeyPath = path });

        Assert.False(result.Passed);
        Assert.Contains($"RUNPOD_SSH_PRIVATE_KEY_PATH '{path}' is mode 0644", result.Detail, StringComparison.Ordinal);
        Assert.Contains("chmod 600", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Absent_key_path_fails()
    {
        var path = Path.Combine(_dir, "nope");

        var result = await RunAsync(new SshOptions { PrivateKeyPath = path });

        Assert.False(result.Passed);
        Assert.Equal($"RUNPOD_SSH_PRIVATE_KEY_PATH '{path}' does not exist", result.Detail);
    }

    [Fact]
    public async Task Unparseable_key_text_fails_without_echoing_it()
    {
        const string garbage = "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90LWEta2V5LXNlY3JldC1nYXJiYWdl\n-----END OPENSSH PRIVATE KEY-----";

        var result = await RunAsync(new SshOptions { PrivateKey = new Secret(garbage) });

        Assert.False(result.Passed);
        Assert.StartsWith("RUNPOD_SSH_PRIVATE_KEY: not a usable private key", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("bm90LWEta2V5", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passphrase_protected_key_fails_without_its_passphrase_and_passes_with_it()
    {
        var path = Path.Combine(_dir, "id_locked");
        TestProcess.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "correct horse", "-f", path);

        var without = await RunAsync(new SshOptions { PrivateKeyPath = path });
        var with = await RunAsync(new SshOptions { PrivateKeyPath = path, PrivateKeyPassphrase = new Secret("correct horse") });

        Assert.False(without.Passed);
        Assert.Contains("RUNPOD_SSH_PRIVATE_KEY_PASSPHRASE is not set", without.Detail, StringComparison.Ordinal);
        Assert.True(with.Passed, with.Detail);
        Assert.Contains(Fingerprint(path), with.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rsa_key_in_openssh_format_passes()
    {
        var path = Path.Combine(_dir, "id_rsa");
        TestProcess.Run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", path);

        var result = await RunAsync(new SshOptions { PrivateKeyPath = path });

        Assert.True(result.Passed, result.Detail);
        Assert.Contains(Fingerprint(path), result.Detail, StringComparison.Ordinal);
    }

    private static async Task<StartupCheckResult> RunAsync(SshOptions options)
    {
        return await new SshKeyCheck(options, new SshPrivateKey(options)).RunAsync(CancellationToken.None);
    }

    private string CopyKey(UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("needs Unix file modes");
        }
        var path = Path.Combine(_dir, $"id_{Guid.NewGuid():N}");
        File.Copy(TestKeys.ClientKeyPath, path);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    /// <summary>What <c>ssh-keygen -l</c> prints as the fingerprint.</summary>
    private static string Fingerprint(string path) => TestProcess.Run("ssh-keygen", "-l", "-f", path).Split(' ')[1];

    private static string PublicKeyBase64() => TestProcess.Run("ssh-keygen", "-y", "-f", TestKeys.ClientKeyPath).Split(' ')[1];

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
