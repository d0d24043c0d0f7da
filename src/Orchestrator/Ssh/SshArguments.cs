using System.Globalization;
using Orchestrator.Core.Ports;

namespace Orchestrator.Ssh;

/// <summary>The OpenSSH client's argument list: no config files, no agent, no prompts, pinned host keys per pod.</summary>
public static class SshArguments
{
    public static IReadOnlyList<string> Build(SshOptions options, string? keyPath, ShellTarget target, string command)
    {
        var seconds = (int)Math.Max(1, Math.Ceiling(options.ConnectTimeout.TotalSeconds));
        var keepAlive = (int)Math.Max(1, Math.Ceiling(options.KeepAlive.TotalSeconds));
        var args = new List<string>
        {
            "-F", "none",
            "-T",
            "-o", "BatchMode=yes",
            "-o", "PasswordAuthentication=no",
            "-o", "KbdInteractiveAuthentication=no",
            "-o", "IdentitiesOnly=yes",
            "-o", "IdentityAgent=none",
            "-o", "StrictHostKeyChecking=accept-new",
            "-o", $"UserKnownHostsFile={options.KnownHostsPath}",
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", $"HostKeyAlias={target.PodId}",
            "-o", "CheckHostIP=no",
            "-o", "UpdateHostKeys=no",
            "-o", "LogLevel=ERROR",
            "-o", string.Create(CultureInfo.InvariantCulture, $"ConnectTimeout={seconds}"),
            "-o", string.Create(CultureInfo.InvariantCulture, $"ServerAliveInterval={keepAlive}"),
            "-o", "ServerAliveCountMax=3",
            "-o", "ForwardAgent=no",
            "-o", "ForwardX11=no",
            "-o", "ClearAllForwardings=yes",
        };
        if (keyPath is not null)
        {
            args.AddRange(["-i", keyPath]);
        }
        args.AddRange(["-p", target.Port.ToString(CultureInfo.InvariantCulture), "-l", options.User, "--", target.Host, command]);
        return args;
    }
}
