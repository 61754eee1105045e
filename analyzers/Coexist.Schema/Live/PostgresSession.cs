using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace Coexist.Schema.Live;

/// <summary>
/// A PostgreSQL session that cannot write: every transaction is read-only from the moment the
/// session starts (<c>default_transaction_read_only</c>), the assessment runs inside one explicit
/// <c>READ ONLY</c> transaction that is rolled back at the end, and every statement has a timeout.
/// </summary>
internal sealed class PostgresSession : IAsyncDisposable
{
    private const string ApplicationName = "coexist-schema";

    /// <summary>The client waits this much longer than the server's statement_timeout, so that the server's cleaner error wins.</summary>
    private static readonly TimeSpan ClientGrace = TimeSpan.FromSeconds(5);

    private PostgresSession(NpgsqlConnection connection, ConnectionTarget target, SessionSafety safety)
    {
        Connection = connection;
        Target = target;
        Safety = safety;
    }

    public NpgsqlConnection Connection { get; }
    public ConnectionTarget Target { get; }

    /// <summary>What the server said about the session once it was set up.</summary>
    public SessionSafety Safety { get; }

    public Version ServerVersion => Connection.PostgreSqlVersion;

    /// <exception cref="SchemaConnectionException">The server cannot be reached, refused the login, or would not give a read-only session.</exception>
    public static async Task<PostgresSession> OpenAsync(ConnectionTarget target, SchemaOptions options, CancellationToken cancellationToken)
    {
        var timeoutMs = Math.Max(1, (long)options.StatementTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString)
        {
            Timeout = Seconds(options.ConnectTimeout),
            CommandTimeout = Seconds(options.StatementTimeout + ClientGrace),
            ApplicationName = ApplicationName,
            Pooling = false,
            // Error details can quote row values; the assessment's messages never need them.
            IncludeErrorDetail = false,
        };
        // Set at login, before any statement can run: the session is read-only and time-bounded from the start.
        builder.Options = $"{builder.Options} -c default_transaction_read_only=on -c statement_timeout={timeoutMs} -c lock_timeout={timeoutMs}".Trim();

        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", cancellationToken).ConfigureAwait(false);
            // Catalog functions then write every name schema-qualified, so that nothing depends on the search path.
            await ExecuteAsync(connection, "SET LOCAL search_path TO ''", cancellationToken).ConfigureAwait(false);
            var readOnly = await ScalarAsync(connection, "SHOW transaction_read_only", cancellationToken).ConfigureAwait(false);
            var timeout = await ScalarAsync(connection, "SHOW statement_timeout", cancellationToken).ConfigureAwait(false);
            if (readOnly != "on")
                throw new SchemaConnectionException($"{target.Display} did not give a read-only transaction (transaction_read_only = {readOnly}); nothing was read");
            return new PostgresSession(connection, target, new SessionSafety(ReadOnly: true, StatementTimeout: timeout ?? ""));
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or IOException or InvalidOperationException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new SchemaConnectionException($"cannot connect to {target.Display}: {Reason(e, target)}", e);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>One line a user can act on, from whatever the driver threw; never with the password.</summary>
    public static string Reason(Exception e, ConnectionTarget target)
    {
        var text = e switch
        {
            PostgresException pg => $"{pg.MessageText} ({pg.SqlState})",
            NpgsqlException { InnerException: SocketException socket } => socket.Message,
            NpgsqlException { InnerException: TimeoutException } or TimeoutException => "timed out",
            NpgsqlException { InnerException: { } inner } => inner.Message,
            _ => e.Message,
        };
        return target.Redact(text.Split('\n')[0].Trim());
    }

    public NpgsqlCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Nothing was written; ending the transaction this way says so.
            if (Connection.State == System.Data.ConnectionState.Open)
                await ExecuteAsync(Connection, "ROLLBACK", CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The connection is going away anyway.
        }
        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))?.ToString();
    }

    private static int Seconds(TimeSpan time) => (int)Math.Clamp(Math.Ceiling(time.TotalSeconds), 1, int.MaxValue);
}
