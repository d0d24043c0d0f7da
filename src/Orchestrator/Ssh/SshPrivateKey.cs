using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;
using Orchestrator.Configuration;

namespace Orchestrator.Ssh;

/// <summary>
/// The service's private key, parsed in memory by SSH.NET from <c>RUNPOD_SSH_PRIVATE_KEY</c> (text; literal <c>\n</c>
/// accepted) or read from <c>RUNPOD_SSH_PRIVATE_KEY_PATH</c>; OpenSSH ed25519 and RSA, optionally encrypted with
/// <c>RUNPOD_SSH_PRIVATE_KEY_PASSPHRASE</c>. Never written to disk. Parsed once, on first use.
/// </summary>
public sealed class SshPrivateKey(SshOptions options)
{
    private readonly Lazy<(PrivateKeyFile? Key, string? Problem)> _key = new(() => Load(options));

    /// <summary>The parsed key, or null with <see cref="Problem"/> saying why (no key, unreadable, wrong passphrase).</summary>
    public PrivateKeyFile? Key => _key.Value.Key;

    /// <summary>Why there is no key; never contains key material.</summary>
    public string? Problem => _key.Value.Problem;

    /// <summary>"ssh-ed25519 SHA256:..." for the start-up check and logs.</summary>
    public string? Summary => Key is { } key ? Describe(key) : null;

    private static (PrivateKeyFile?, string?) Load(SshOptions options)
    {
        string source;
        byte[] bytes;
        try
        {
            if (options.PrivateKey is { } text)
            {
                (source, bytes) = ("RUNPOD_SSH_PRIVATE_KEY", Encoding.UTF8.GetBytes(Normalize(text.Reveal())));
            }
            else if (options.PrivateKeyPath is { } path)
            {
                (source, bytes) = ($"RUNPOD_SSH_PRIVATE_KEY_PATH '{path}'", File.ReadAllBytes(path));
            }
            else
            {
                return (null, "no private key is configured (RUNPOD_SSH_PRIVATE_KEY or RUNPOD_SSH_PRIVATE_KEY_PATH)");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"RUNPOD_SSH_PRIVATE_KEY_PATH cannot be read: {ex.Message}");
        }
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return (new PrivateKeyFile(stream, options.PrivateKeyPassphrase?.Reveal()), null);
        }
        catch (SshPassPhraseNullOrEmptyException)
        {
            return (null, $"{source}: the key is encrypted and RUNPOD_SSH_PRIVATE_KEY_PASSPHRASE is not set");
        }
        catch (Exception ex) when (ex is SshException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException
                                   or System.Security.Cryptography.CryptographicException)
        {
            // SSH.NET's messages name the format or cipher, never the key's contents.
            return (null, $"{source}: not a usable private key or wrong passphrase ({ex.GetType().Name}: {ex.Message})");
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    /// <summary>Keys pasted into one-line settings often carry literal <c>\n</c>; the parser also wants a final newline.</summary>
    internal static string Normalize(string key)
    {
        var text = key.Contains('\n', StringComparison.Ordinal) ? key : key.Replace("\\n", "\n", StringComparison.Ordinal);
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return text + "\n";
    }

    private static string Describe(PrivateKeyFile key)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(key.HostKeyAlgorithms.First().Data);
        return $"{key.Key} SHA256:{Convert.ToBase64String(hash).TrimEnd('=')}";
    }
}
