using Orchestrator.Configuration;

namespace Orchestrator.Ssh;

/// <summary>
/// The private key as a file the OpenSSH client can read: the configured path as is, or the key text
/// written once to a 0600 file inside a 0700 temp directory that is deleted on dispose.
/// </summary>
public sealed class SshKeyFile : IDisposable
{
    private readonly Secret? _contents;
    private readonly Lock _gate = new();
    private string? _path;
    private string? _tempDir;

    public SshKeyFile(SshOptions options)
    {
        _contents = options.PrivateKey;
        _path = _contents is null ? options.PrivateKeyPath : null;
    }

    /// <summary>The key file's path; null when no key is configured (the client then has none to offer).</summary>
    public string? Path
    {
        get
        {
            lock (_gate)
            {
                if (_path is null && _contents is not null)
                {
                    _path = Write(_contents);
                }
                return _path;
            }
        }
    }

    private string Write(Secret contents)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the key file needs Unix file modes");
        }
        var dir = Directory.CreateTempSubdirectory("orchestrator-ssh-");
        File.SetUnixFileMode(dir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _tempDir = dir.FullName;
        var file = System.IO.Path.Combine(dir.FullName, "id_key");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var writer = new StreamWriter(file, options))
        {
            writer.Write(Normalize(contents.Reveal()));
        }
        return file;
    }

    /// <summary>Keys pasted into one-line settings often carry literal <c>\n</c>; OpenSSH also needs a final newline.</summary>
    internal static string Normalize(string key)
    {
        var text = key.Contains('\n', StringComparison.Ordinal) ? key : key.Replace("\\n", "\n", StringComparison.Ordinal);
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return text + "\n";
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_tempDir is not null && Directory.Exists(_tempDir))
            {
                Directory.Delete(_tempDir, recursive: true);
            }
            _tempDir = null;
        }
    }
}
