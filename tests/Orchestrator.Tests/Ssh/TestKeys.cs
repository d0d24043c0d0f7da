namespace Orchestrator.Tests.Ssh;

/// <summary>One client key pair for every fake pod of the test run, in a 0700 temp directory.</summary>
internal static class TestKeys
{
    private static readonly Lazy<string> Key = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("ssh-test-key-").FullName;
        var path = Path.Combine(dir, "id_ed25519");
        TestProcess.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "orchestrator-tests", "-f", path);
        return path;
    });

    public static string ClientKeyPath => Key.Value;

    public static string PrivateKeyText => File.ReadAllText(ClientKeyPath);
}
