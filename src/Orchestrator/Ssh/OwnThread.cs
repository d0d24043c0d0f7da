namespace Orchestrator.Ssh;

/// <summary>
/// Runs one of SSH.NET's blocking steps on a thread of its own instead of the thread pool. SSH.NET 2026.0.0 blocks
/// the calling thread inside its "async" calls: <c>ConnectAsync</c> waits on handles for the key exchange, the service
/// request and the authentication; <c>SshCommand.ExecuteAsync</c> waits for the channel to open and the exec request to
/// be answered before it returns its task; its output streams have only a blocking <c>Read</c>. A burst of 20 pods then
/// holds some 60 pool threads; the pool (2 threads to start with on 2 cores) adds threads slowly, and every other
/// continuation (the cycle, the database, the health listener) queues behind them. Measured with
/// <c>Orchestrator.Benchmarks bootstrap</c>: SSH connects that take 45 ms alone took 1.1-2.7 s in a burst of 20.
/// </summary>
internal static class OwnThread
{
    public static Task<T> Run<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    public static Task Run(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
}
