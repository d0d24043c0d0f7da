using Orchestrator.Core.Ports;
using Orchestrator.Ssh;
using Xunit;

namespace Orchestrator.Tests.Ssh;

public sealed class SshFailureClassifierTests
{
    [Theory]
    [InlineData(0, "", ShellStatus.Completed)]
    [InlineData(1, "Permission denied", ShellStatus.Completed)]
    [InlineData(255, "", ShellStatus.Completed)]
    [InlineData(255, "ssh: connect to host 1.2.3.4 port 22: Connection refused", ShellStatus.ConnectFailed)]
    [InlineData(255, "root@1.2.3.4: Permission denied (publickey).", ShellStatus.ConnectFailed)]
    [InlineData(255, "kex_exchange_identification: read: Connection reset by peer", ShellStatus.ConnectFailed)]
    [InlineData(255, "ssh: connect to host 1.2.3.4 port 22: Connection timed out", ShellStatus.TimedOut)]
    [InlineData(255, "Connection timed out during banner exchange", ShellStatus.TimedOut)]
    [InlineData(255, "Host key for podb has changed and you have requested strict checking.\nHost key verification failed.", ShellStatus.HostKeyMismatch)]
    public void Client_exit_and_message_give_the_status(int exitCode, string stderr, ShellStatus expected) =>
        Assert.Equal(expected, SshFailureClassifier.Classify(exitCode, stderr));
}
