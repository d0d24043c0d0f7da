using Serilog.Templates;

namespace Orchestrator.Logging;

/// <summary>
/// The two line shapes, as Serilog.Expressions templates. JSON (LOG_FORMAT=json): one object per line
/// with the head operators parse, <c>ts</c> (UTC, ms), <c>level</c>, <c>event</c>, <c>event_id</c>,
/// <c>logger</c>, <c>msg</c>, then every property by its own name (CycleId, WorkerId, DurationMs, ...),
/// then <c>exception</c>. Text (LOG_FORMAT=text): <c>ts LVL [EventName] logger: message</c>, the
/// exception on its own lines.
/// </summary>
public static class LogTemplates
{
    private const string Timestamp = "ToString(UtcDateTime(@t), 'yyyy-MM-ddTHH:mm:ss.fffZ')";

    private const string Level =
        "if @l = 'Information' then 'info' else if @l = 'Warning' then 'warn' else if @l = 'Error' then 'error' " +
        "else if @l = 'Debug' then 'debug' else if @l = 'Verbose' then 'trace' else 'fatal'";

    private const string Abbreviation =
        "if @l = 'Information' then 'INF' else if @l = 'Warning' then 'WRN' else if @l = 'Error' then 'ERR' " +
        "else if @l = 'Debug' then 'DBG' else if @l = 'Verbose' then 'TRC' else 'FTL'";

    /// <summary>EventId and SourceContext are already in the head; a property clashing with a head key is dropped from the tail.</summary>
    public const string Json =
        "{ {ts: " + Timestamp + ", level: " + Level + ", event: EventId.Name, event_id: EventId.Id, logger: SourceContext, msg: @m, " +
        "..@p, EventId: undefined(), SourceContext: undefined(), exception: if @x is null then undefined() else ToString(@x)} }\n";

    public const string Text =
        "{" + Timestamp + "} {" + Abbreviation + "}{#if EventId.Name is not null} [{EventId.Name}]{#end}" +
        "{#if SourceContext is not null} {SourceContext}:{#end} {@m}\n{#if @x is not null}{@x}{#end}";

    public static ExpressionTemplate For(string format) =>
        new(format == "text" ? Text : Json, System.Globalization.CultureInfo.InvariantCulture);
}
