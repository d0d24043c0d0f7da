using Orchestrator.Bootstrap;
using Orchestrator.Configuration;

namespace Orchestrator.Tests.Ssh;

/// <summary>Distinctive fake credentials, easy to search for in files, logs and /proc.</summary>
internal static class SshTestSecrets
{
    public static WorkerSecrets Create() => new(
        new Uri("http://127.0.0.1:9/"),
        new Secret("svc-role-" + Guid.NewGuid().ToString("N")),
        new Secret("anon-key-" + Guid.NewGuid().ToString("N")));
}
