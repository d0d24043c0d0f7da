using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Options;
using Orchestrator.Hosting;

namespace Orchestrator.Cli;

/// <summary><c>run</c>: the control cycle every poll interval until stopped.</summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using var app = AppStartup.Start(context, null, logsToStandardError: false);
        if (app is null)
        {
            return ExitCodes.BadInput;
        }
        var cycle = app.Services.GetRequiredService<ControlCycle>();
        var interval = app.Services.GetRequiredService<CycleOptions>().PollInterval;
        // Until the Generic Host runs this command: start the hosted services (the health listener) by hand.
        var hosted = app.Services.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        using var timer = new PeriodicTimer(interval);
        do
        {
            await cycle.RunOnceAsync(dryRun: false, cancellationToken).ConfigureAwait(false);
        }
        while (!cancellationToken.IsCancellationRequested && await WaitAsync(timer, cancellationToken).ConfigureAwait(false));
        foreach (var service in Enumerable.Reverse(hosted))
        {
            await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
