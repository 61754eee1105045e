using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Coexist.Schema.Live;

/// <summary>
/// A database to assess: its dialect, the connection string (kept inside, never shown) and a
/// description safe to print (<c>postgres://user@host:port/db</c>, never with the password).
/// </summary>
internal sealed partial class ConnectionTarget
{
    private ConnectionTarget(SqlDialect dialect, string connectionString, string display, string? password)
    {
        Dialect = dialect;
        ConnectionString = connectionString;
        Display = display;
        Password = password;
    }

    public SqlDialect Dialect { get; }

    /// <summary>The full connection string, password included: for the driver only.</summary>
    public string ConnectionString { get; }

    /// <summary>The target without secrets, for messages and findings.</summary>
    public string Display { get; }

    public string? Password { get; }

    public override string ToString() => Display;

    /// <exception cref="SchemaInputException">Not a connection string Coexist can use; the message leaves the string out.</exception>
    public static ConnectionTarget Parse(string connectionString, SqlDialect? dialect)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) throw new SchemaInputException("the connection string is empty");
        var text = connectionString.Trim();
        if (dialect is SqlDialect.MySql or SqlDialect.TSql)
            throw new SchemaInputException($"live {Coexist.Model.WireNames.Of(dialect.Value)} databases are not read; assess a schema dump instead (mysqldump --no-data, or SSMS 'Generate Scripts')");

        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return Postgres(FromUri(text));
        if (dialect == SqlDialect.Postgres) return Postgres(text);
        if (dialect == SqlDialect.Sqlite) return Sqlite(text);

        if (LooksLikeSqlServer(text))
            throw new SchemaInputException("SQL Server databases are not read live; assess a script of the schema instead (SSMS 'Generate Scripts')");
        if (HasKey(text, "host") || HasKey(text, "server") || HasKey(text, "username") || HasKey(text, "user id") || HasKey(text, "database"))
            return Postgres(text);
        if (HasKey(text, "data source") || HasKey(text, "filename") || File.Exists(text) || text.EndsWith(".db", StringComparison.OrdinalIgnoreCase)
            || text.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".sqlite3", StringComparison.OrdinalIgnoreCase))
            return Sqlite(text);
        throw new SchemaInputException("cannot tell the database from the connection string: give --dialect postgres|sqlite, Host=... for PostgreSQL, or Data Source=FILE for SQLite");
    }

    private static ConnectionTarget Postgres(string text)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            // The driver's message may quote the string, password and all.
            throw new SchemaInputException($"the PostgreSQL connection string is not valid: {Redact(FirstLine(e.Message), PasswordOf(text))}");
        }
        var host = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host;
        var display = $"postgres://{(string.IsNullOrEmpty(builder.Username) ? "" : builder.Username + "@")}{host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}/{builder.Database}";
        return new ConnectionTarget(SqlDialect.Postgres, builder.ConnectionString, display, builder.Password);
    }

    private static ConnectionTarget Sqlite(string text)
    {
        string path;
        if (HasKey(text, "data source") || HasKey(text, "filename"))
        {
            try
            {
                path = new SqliteConnectionStringBuilder(text).DataSource;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
            {
                throw new SchemaInputException($"the SQLite connection string is not valid: {Redact(FirstLine(e.Message), PasswordOf(text))}");
            }
        }
        else
        {
            path = text;
        }
        if (string.IsNullOrEmpty(path) || path == ":memory:") throw new SchemaInputException("the SQLite connection string names no database file");
        if (!File.Exists(path)) throw new SchemaInputException($"{path}: no such SQLite database file");
        // Read-only, whatever the string asked for: the assessment never writes.
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        return new ConnectionTarget(SqlDialect.Sqlite, builder.ConnectionString, path, password: null);
    }

    /// <summary>postgres://user:password@host:port/database?sslmode=require, as Npgsql keywords.</summary>
    private static string FromUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            throw new SchemaInputException("the postgres:// connection URI is not valid");
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0) builder.Port = uri.Port;
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) continue;
            var key = Uri.UnescapeDataString(pair[..equals]);
            var value = Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
            }
            catch (ArgumentException)
            {
                throw new SchemaInputException($"the postgres:// connection URI has an unknown parameter '{key}'");
            }
        }
        return builder.ConnectionString;
    }

    private static bool LooksLikeSqlServer(string text) =>
        HasKey(text, "initial catalog") || HasKey(text, "trusted_connection") || HasKey(text, "integrated security")
        || HasKey(text, "trustservercertificate");

    private static bool HasKey(string text, string key) =>
        Regex.IsMatch(text, $@"(^|;)\s*{Regex.Escape(key)}\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static string? PasswordOf(string text)
    {
        var match = PasswordPattern().Match(text);
        return match.Success ? match.Groups["value"].Value.Trim() : null;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>
    /// Removes the password from text that came back from a driver or a server: the value itself,
    /// and any <c>Password=...</c> pair, in case a message quotes a connection string.
    /// </summary>
    public static string Redact(string text, string? password)
    {
        if (!string.IsNullOrEmpty(password)) text = text.Replace(password, "***", StringComparison.Ordinal);
        return PasswordPattern().Replace(text, m => m.Groups["key"].Value + "=***");
    }

    public string Redact(string text) => Redact(text, Password);

    [GeneratedRegex(@"(?<key>password|pwd)\s*=\s*(?<value>[^;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordPattern();
}
