using System.Globalization;
using System.Net;
using Orchestrator.Configuration;
using Orchestrator.Core.Options;
using Orchestrator.Observability;

namespace Orchestrator.Cli;

/// <summary>
/// <c>healthcheck [--timeout SEC]</c>: GETs http://127.0.0.1:$HEALTH_PORT/healthz (or the bind address
/// when it is not a wildcard) and exits 0 when healthy, 1 otherwise, 2 when no listener is configured. The container's HEALTHCHECK, so
/// the image needs no curl. Reads only the listener settings; prints one line.
/// </summary>
public static class HealthCheckCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new SettingsReader(context.Configuration);
        var options = ObservabilityOptions.Read(reader, new CycleOptions().PollInterval);
        if (reader.Problems.Count > 0 || options.HealthPort is not { } port || port == 0)
        {
            await context.ReportProblemsAsync("healthcheck: bad configuration; nothing was checked",
                reader.Problems.Count > 0 ? reader.Problems : ["HEALTH_PORT: not set (or 0): there is no listener to check"]).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        var timeout = TimeSpan.FromSeconds(context.Value<double>("--timeout") is > 0 and var seconds ? seconds : 5);
        var url = new UriBuilder("http", Target(options.BindAddress), port, "/healthz").Uri;
        using var http = new HttpClient { Timeout = timeout };
        try
        {
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"{(int)response.StatusCode} {body}").ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await context.Error.WriteLineAsync($"{url}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    private static string Target(IPAddress bind) =>
        bind.Equals(IPAddress.Any) ? "127.0.0.1"
        : bind.Equals(IPAddress.IPv6Any) ? "[::1]"
        : bind.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bind}]" : bind.ToString();
}
