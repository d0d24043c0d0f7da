using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Configuration;
using Orchestrator.Serverless;
using Orchestrator.Supabase;
using Orchestrator.Core.Ports;
using Orchestrator.Hosting;
using Orchestrator.Service;
using Orchestrator.Service.Checks;
using Orchestrator.RunPod;

namespace Orchestrator.Cli;

/// <summary>
/// <c>check</c>: validates the configuration (exit 2 listing every problem), then runs every registered
/// <see cref="IStartupCheck"/>, one line each (<c>OK name: detail</c> / <c>FAIL name: detail</c>);
/// exit 1 when any fails. Details never carry secrets.
/// </summary>
public static class CheckCommand
{
    private static readonly TimeSpan PerCheckTimeout = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        // The service's own settings too, so 'check' refuses exactly what 'run' would.
        ServiceSettings? service = null;
        await using var app = AppStartup.Start(context, (_, reader) =>
        {
            service = ServiceSettings.Read(reader);
            ServerlessOptions.Read(reader);
            // The REST store's variables are read only when that store is chosen; check validates them anyway.
            SupabaseRestOptions.Read(reader, new Uri("https://check.invalid"), Secret.From("check")!);
        }, logsToStandardError: true, (services, _) =>
        {
            if (service is not null)
            {
                services.AddSingleton(service); // the wake-up check reads ORCHESTRATOR_WAKE_ON_NOTIFY
            }
            // A diagnosis, not a cycle: one retry per RunPod read, so an unreachable API fails its line in about a
            // second instead of spending the service's 30 s read budget (and tripping the circuit for the next check).
            foreach (var runPod in services.Select(d => d.ImplementationInstance).OfType<RunPodOptions>())
            {
                runPod.ReadRetries = Math.Min(runPod.ReadRetries, 1);
            }
        });
        if (app is null)
        {
            return ExitCodes.BadInput;
        }
        var results = new List<(string Name, StartupCheckResult Result)>();
        foreach (var check in app.Services.GetServices<IStartupCheck>().OrderBy(c => c.Order).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            var result = await RunOneAsync(check, cancellationToken).ConfigureAwait(false);
            results.Add((check.Name, result));
            if (!context.Json)
            {
                await context.Out.WriteLineAsync($"{(result.Passed ? "OK  " : "FAIL")} {check.Name}: {result.Detail}").ConfigureAwait(false);
            }
        }
        var passed = results.TrueForAll(r => r.Result.Passed);
        if (context.Json)
        {
            var checks = new JsonArray([.. results.Select(r => new JsonObject { ["name"] = r.Name, ["passed"] = r.Result.Passed, ["detail"] = r.Result.Detail })]);
            await context.Out.WriteLineAsync(new JsonObject { ["ok"] = passed, ["checks"] = checks }.ToJsonString()).ConfigureAwait(false);
        }
        return passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static async Task<StartupCheckResult> RunOneAsync(IStartupCheck check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PerCheckTimeout);
        try
        {
            return await check.RunAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OrchestratorException ex)
        {
            return StartupCheckResult.Fail($"{ex.Kind}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return StartupCheckResult.Fail($"no answer within {PerCheckTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException or HttpRequestException)
        {
            return StartupCheckResult.Fail($"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
