using System.Net;
using Orchestrator.Configuration;

namespace Orchestrator.Observability;

/// <summary>The health and metrics listener. Off unless <c>HEALTH_PORT</c> is set.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Orchestrator:Observability:";
    public static readonly TimeSpan MinimumMaxCycleAge = TimeSpan.FromSeconds(90);

    /// <summary>Listener port; null = no listener; 0 = any free port [HEALTH_PORT].</summary>
    public int? HealthPort { get; init; }

    /// <summary>Address the listener binds [HEALTH_BIND_ADDRESS], default 0.0.0.0.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>/healthz is healthy only if a cycle succeeded this recently [HEALTH_MAX_CYCLE_AGE_SEC].</summary>
    public TimeSpan MaxCycleAge { get; init; } = MinimumMaxCycleAge;

    /// <summary>Before the first cycle, /healthz answers 200 "starting" for this long [HEALTH_STARTUP_GRACE_SEC].</summary>
    public TimeSpan StartupGrace { get; init; } = TimeSpan.Zero;

    /// <summary>/readyz turns 503 when the store or RunPod has been unreadable this long [HEALTH_UNREADABLE_AFTER_SEC], default two poll intervals.</summary>
    public TimeSpan UnreadableAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Serve the read-only status page (/, /status, /api/status) on the health listener [STATUS_PAGE_ENABLED], default false.</summary>
    public bool StatusPageEnabled { get; init; }

    /// <summary>Bearer token /api/status requires when set [STATUS_TOKEN]; required when the listener is not loopback-only.</summary>
    public Secret? StatusToken { get; init; }

    public bool Enabled => HealthPort is not null;

    /// <summary>Default max age: three poll intervals, at least 90 s.</summary>
    public static TimeSpan DefaultMaxCycleAge(TimeSpan pollInterval) =>
        pollInterval * 3 > MinimumMaxCycleAge ? pollInterval * 3 : MinimumMaxCycleAge;

    public static ObservabilityOptions Read(SettingsReader r, TimeSpan pollInterval)
    {
        int? port = r.Raw("HEALTH_PORT", Section + "HealthPort") is null ? null : r.Int("HEALTH_PORT", Section + "HealthPort", 0, 0, 65535);
        var bind = IPAddress.Any;
        if (r.Raw("HEALTH_BIND_ADDRESS", Section + "BindAddress") is { } rawBind && !IPAddress.TryParse(rawBind.Value, out bind!))
        {
            r.Problem($"{rawBind.Name}: '{rawBind.Value}' is not an IP address (use 0.0.0.0, 127.0.0.1, :: ...)");
            bind = IPAddress.Any;
        }
        var statusPage = r.Bool("STATUS_PAGE_ENABLED", Section + "StatusPageEnabled", false);
        var token = r.Secret("STATUS_TOKEN", Section + "StatusToken");
        if (statusPage && port is null)
        {
            r.Problem("STATUS_PAGE_ENABLED: the status page is served on the health listener; set HEALTH_PORT too");
        }
        if (statusPage && token is null && !IPAddress.IsLoopback(bind))
        {
            r.Problem($"STATUS_PAGE_ENABLED: HEALTH_BIND_ADDRESS {bind} is not loopback; set STATUS_TOKEN (or bind 127.0.0.1)");
        }
        return new ObservabilityOptions
        {
            StatusPageEnabled = statusPage,
            StatusToken = token,
            HealthPort = port,
            BindAddress = bind,
            MaxCycleAge = r.Seconds("HEALTH_MAX_CYCLE_AGE_SEC", Section + "MaxCycleAgeSec", DefaultMaxCycleAge(pollInterval), 1),
            StartupGrace = r.Seconds("HEALTH_STARTUP_GRACE_SEC", Section + "StartupGraceSec", TimeSpan.Zero),
            UnreadableAfter = r.Seconds("HEALTH_UNREADABLE_AFTER_SEC", Section + "UnreadableAfterSec", pollInterval * 2, 1),
        };
    }
}
