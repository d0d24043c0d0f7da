using Orchestrator.Ssh;
using Xunit;

namespace Orchestrator.Tests.Ssh;

/// <summary>SSH_KEX: the order of key exchanges SSH.NET offers (the client's order decides what is negotiated).</summary>
public sealed class KeyExchangeOrderTests
{
    private static readonly string[] SshNetOrder = ["mlkem768x25519-sha256", "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "curve25519-sha256", "ecdh-sha2-nistp256"];

    [Theory]
    [InlineData("fast", "mlkem768x25519-sha256 curve25519-sha256 ecdh-sha2-nistp256 sntrup761x25519-sha512 sntrup761x25519-sha512@openssh.com")]
    [InlineData("pq", "mlkem768x25519-sha256 sntrup761x25519-sha512 sntrup761x25519-sha512@openssh.com curve25519-sha256 ecdh-sha2-nistp256")]
    public void Preference_orders_the_offers(string preference, string expected)
    {
        var algorithms = SshNetOrder.ToDictionary(n => n, n => n.Length);

        KeyExchangeOrder.Apply(algorithms, preference);

        Assert.Equal(expected, string.Join(' ', algorithms.Keys));
        Assert.Equal(SshNetOrder.Length, algorithms.Count);
    }
}
