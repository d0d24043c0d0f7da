using Npgsql;

namespace Orchestrator.Service.Checks;

/// <summary>
/// The NOTIFY wake-up works end to end: LISTEN on the listen route, a test NOTIFY through the database URL,
/// and it arrives within <see cref="WakeUpConnection.ProbeTimeout"/>. Through a transaction pooler it does not,
/// and the line names the fix (SUPABASE_DB_LISTEN_URL) or the way to accept polling only.
/// </summary>
public sealed class WakeUpCheck(WakeUpConnection connection, ServiceSettings? settings = null) : IStartupCheck
{
    public string Name => "wake-up";

    public int Order => 12;

    public async Task<StartupCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        if (settings is { WakeOnNotify: false })
        {
            return StartupCheckResult.Pass("off (ORCHESTRATOR_WAKE_ON_NOTIFY=false): cycles run on polling only");
        }
        await using var listening = await connection.Listen.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var listen = new NpgsqlCommand($"LISTEN {TaskQueueListener.Channel}", listening))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var timeout = WakeUpConnection.ProbeTimeout.TotalSeconds;
        return await connection.ProbeAsync(listening, cancellationToken).ConfigureAwait(false)
            ? StartupCheckResult.Pass($"a test NOTIFY arrived through {connection.Route}: a queued task wakes the cycle at once")
            : StartupCheckResult.Fail($"not delivered: a test NOTIFY did not arrive through {connection.Route} within {timeout:0} s (a transaction pooler cannot carry LISTEN), so the service polls only; {WakeUpConnection.Fix}, or set ORCHESTRATOR_WAKE_ON_NOTIFY=false to accept polling");
    }
}
