using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Configuration;
using Orchestrator.Core.Options;
using Orchestrator.Supabase;

namespace Orchestrator.Tests.Rest;

/// <summary>Builds a <see cref="SupabaseRestStore"/> against a gateway, with test-sized timeouts.</summary>
internal static class RestStores
{
    public static SupabaseRestOptions Options(Uri url, TimeSpan? timeout = null, int retries = 2) => new()
    {
        Url = url,
        ServiceRoleKey = new Secret(SupabaseGateway.ServiceKey),
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(30),
        CallBudget = (timeout ?? TimeSpan.FromSeconds(30)) * (retries + 2),
        RetryAttempts = retries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
    };

    public static SupabaseRestStore Create(SupabaseRestOptions options, DemandOptions? demand = null, ILoggerFactory? logs = null)
    {
        var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var factory = logs ?? NullLoggerFactory.Instance;
        var http = new SupabaseHttp(() => client, options, factory.CreateLogger<SupabaseHttp>());
        return new SupabaseRestStore(http, demand ?? new DemandOptions(), factory.CreateLogger<SupabaseRestStore>());
    }
}
