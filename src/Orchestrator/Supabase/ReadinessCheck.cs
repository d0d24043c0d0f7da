using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Ports;

namespace Orchestrator.Supabase;

/// <summary>
/// The REST store's start-up check: one request asking the project which of <see cref="RestRpc.Required"/>
/// are missing. Until everything exists each observation repeats it (so applying the SQL in the editor
/// heals a running service) and fails closed with a <see cref="ErrorKind.Configuration"/> error naming
/// the objects; the <c>task-counts</c> edge function is asked for the demand only to report it.
/// </summary>
internal sealed class ReadinessCheck(SupabaseHttp http, ILogger logger)
{
    private volatile bool _ready;

    public void Reset() => _ready = false;

    public async Task EnsureAsync(string runType, CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }
        var missing = await MissingAsync(cancellationToken).ConfigureAwait(false);
        if (missing.Count == 0)
        {
            _ready = true;
            RestStoreLog.Ready(logger, http.Host);
            return;
        }
        var list = string.Join(", ", missing);
        RestStoreLog.ObjectsMissing(logger, http.Host, list, RestErrors.MigrateHint);
        await ReportEdgeDemandAsync(runType, cancellationToken).ConfigureAwait(false);
        throw new StoreException($"the Supabase project lacks the service's objects: {list}; {RestErrors.MigrateHint}", kind: ErrorKind.Configuration);
    }

    private async Task<IReadOnlyList<string>> MissingAsync(CancellationToken cancellationToken)
    {
        var names = new JsonArray(RestRpc.Required.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
        JsonElement? result;
        try
        {
            result = await http.RpcAsync(RestRpc.MissingObjects, new JsonObject { ["p_names"] = names }, RestCall.Retried, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException ex) when (RestErrors.IsMissingObject(ex))
        {
            // The check function itself is missing: the service's migration was never applied.
            return [.. RestRpc.Functions, "(and possibly the orchestrator_* tables)"];
        }
        if (result is not { ValueKind: JsonValueKind.Array } array)
        {
            throw RestErrors.Malformed(RestRpc.MissingObjects, "not an array of names");
        }
        return array.EnumerateArray().Select(e => e.GetString() ?? "?").ToList();
    }

    /// <summary>Best effort: the demand Reigh's edge function reports, logged beside the missing objects.</summary>
    private async Task ReportEdgeDemandAsync(string runType, CancellationToken cancellationToken)
    {
        try
        {
            var signal = await new TaskCountsClient(http).ReadAsync(runType, cancellationToken).ConfigureAwait(false);
            RestStoreLog.EdgeDemand(logger, signal.Claimable, signal.Running);
        }
        catch (StoreException)
        {
            // Already logged by SupabaseHttp; the cycle fails closed either way.
        }
    }
}
