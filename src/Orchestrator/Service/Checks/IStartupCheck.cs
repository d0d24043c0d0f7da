namespace Orchestrator.Service.Checks;

/// <summary>
/// One thing <c>orchestrator check</c> verifies before the service is trusted to run: configuration,
/// reachability of a dependency, presence of a resource. Implementations are registered in DI
/// (<c>services.AddSingleton&lt;IStartupCheck, MyCheck&gt;()</c>) by the area that owns the dependency and
/// resolved as <c>IEnumerable&lt;IStartupCheck&gt;</c>. A check reads only; it returns a failure as data
/// (it may also throw an <see cref="Core.Ports.OrchestratorException"/>, reported as a failure) and never
/// puts a secret in <see cref="StartupCheckResult.Detail"/>.
/// </summary>
public interface IStartupCheck
{
    /// <summary>Short stable name printed at the start of the line (for example <c>database</c>).</summary>
    string Name { get; }

    /// <summary>Order in the output (lower first); configuration 0, stores 10, clouds 20, others 30+.</summary>
    int Order => 30;

    Task<StartupCheckResult> RunAsync(CancellationToken cancellationToken);
}
