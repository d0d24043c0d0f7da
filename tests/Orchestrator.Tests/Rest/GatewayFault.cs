namespace Orchestrator.Tests.Rest;

/// <summary>
/// One injected failure of <see cref="SupabaseGateway"/>, used by the next request whose path contains
/// <see cref="OnlyFor"/> (any request when null). <see cref="Delay"/> holds the answer back first;
/// with <see cref="Status"/> 0 the request is then served normally.
/// </summary>
public sealed record GatewayFault(int Status, string? Body = null, TimeSpan Delay = default, string? OnlyFor = null)
{
    public static GatewayFault Unauthorized(string? onlyFor = null) => new(401, """{"message":"Invalid API key"}""", OnlyFor: onlyFor);

    public static GatewayFault Forbidden(string? onlyFor = null) =>
        new(403, """{"code":"42501","message":"permission denied for function orchestrator_observe","details":null,"hint":null}""", OnlyFor: onlyFor);

    public static GatewayFault ServerError(string? onlyFor = null) =>
        new(500, """{"code":"XX000","message":"upstream database connection lost","details":null,"hint":null}""", OnlyFor: onlyFor);

    public static GatewayFault BadGateway(string? onlyFor = null) => new(502, "<html>502 Bad Gateway</html>", OnlyFor: onlyFor);

    public static GatewayFault Slow(TimeSpan delay, string? onlyFor = null) => new(0, Delay: delay, OnlyFor: onlyFor);

    public static GatewayFault MalformedJson(string? onlyFor = null) => new(200, """{"workers": [{"worker_id": "gpu-a", """, OnlyFor: onlyFor);

    public static GatewayFault PostgrestError(string? onlyFor = null) =>
        new(400, """{"code":"22P02","message":"invalid input syntax for type uuid: \"nope\"","details":"array element 1","hint":"check the cycle ids"}""", OnlyFor: onlyFor);
}
