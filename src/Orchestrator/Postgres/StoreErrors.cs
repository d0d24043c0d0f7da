using System.Net.Sockets;
using Npgsql;
using Orchestrator.Core.Ports;

namespace Orchestrator.Postgres;

/// <summary>
/// Turns Npgsql and PostgreSQL failures into <see cref="StoreException"/> with an error kind.
/// Messages carry the operation and the server's SQLSTATE, never the connection string.
/// </summary>
internal static class StoreErrors
{
    /// <summary>SQLSTATE 42883: no function with that name and those argument types.</summary>
    public const string UndefinedFunction = "42883";

    /// <summary>True for the exceptions a store call translates (cancellation is passed through).</summary>
    public static bool IsStoreFailure(Exception ex) =>
        ex is NpgsqlException or SocketException or TimeoutException;

    /// <summary>
    /// True when the database could not be reached or is not accepting connections yet (refused, timed out,
    /// starting up, shutting down, out of connections): worth waiting for. False for credentials, a missing
    /// database or schema, and everything else a wait cannot fix. A wrapping exception is judged by what it wraps.
    /// </summary>
    public static bool IsUnreachable(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("57", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal),
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        SocketException or TimeoutException => true,
        // A wrapper (our StoreException, Quartz's JobPersistenceException, ...) is what it wraps.
        { InnerException: { } inner } => IsUnreachable(inner),
        _ => false,
    };

    public static StoreException Translate(string operation, Exception ex) => ex switch
    {
        PostgresException { SqlState: "28P01" or "28000" or "42501" } pg =>
            new StoreException($"{operation}: the database refused the credentials or permission ({pg.SqlState}: {pg.MessageText})", ex, ErrorKind.Auth),
        PostgresException { SqlState: "42P01" } pg =>
            new StoreException($"{operation}: a table is missing ({pg.MessageText}); load the Reigh schema and run `orchestrator migrate`", ex, ErrorKind.Configuration),
        PostgresException { SqlState: UndefinedFunction } pg =>
            new StoreException($"{operation}: a function is missing ({pg.MessageText}); run `orchestrator migrate` (the store's functions are migrations 010 and 011; Reigh's come with its schema)", ex, ErrorKind.Configuration),
        PostgresException pg =>
            new StoreException($"{operation}: the database answered {pg.SqlState}: {pg.MessageText}", ex),
        NpgsqlException npgsql =>
            new StoreException($"{operation}: {Describe(npgsql)}", ex),
        _ => new StoreException($"{operation}: {ex.GetType().Name}: {ex.Message}", ex),
    };

    private static string Describe(NpgsqlException ex) => ex.InnerException switch
    {
        SocketException socket => $"cannot reach the database ({socket.SocketErrorCode})",
        TimeoutException => "the database did not answer in time",
        _ => ex.Message,
    };
}
