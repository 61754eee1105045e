using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Coexist.Schema.Tests.Live;

/// <summary>
/// A private PostgreSQL cluster from Debian's binaries: initdb and pg_ctl in a temporary directory,
/// listening on 127.0.0.1 at a free port with its socket in that directory, stopped and deleted at
/// the end. initdb refuses to run as root, so as root the cluster belongs to the postgres user.
/// Shared by the tests and the benchmarks; it knows nothing of xunit.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string AdminUser = "coexist_admin";
    public const string ReaderUser = "coexist_reader";
    public const string PasswordUser = "coexist_password";
    /// <summary>Only ever used against this throw-away cluster; the tests look for it in every output.</summary>
    public const string Password = "S3cret-Pa55word!";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly string _bin;
    private readonly bool _asPostgresUser;

    private PostgresCluster(string bin, string directory, bool asPostgresUser)
    {
        _bin = bin;
        Directory = directory;
        _asPostgresUser = asPostgresUser;
    }

    public string Directory { get; }
    public int Port { get; private set; }
    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The directory with initdb and pg_ctl, or null with the reason they cannot be used.</summary>
    public static string? FindBinaries(out string? whyNot)
    {
        whyNot = null;
        var versions = System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .ToList()
            : [];
        if (versions.Count == 0)
        {
            whyNot = "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (install Debian's postgresql package: scripts/install-prerequisites.sh)";
            return null;
        }
        if (Environment.UserName == "root" && (!File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser") || !UserExists("postgres")))
        {
            whyNot = "running as root, and initdb refuses root: the postgres user and runuser are needed to run the cluster";
            return null;
        }
        return versions[0];
    }

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBinaries(out var whyNot) ?? throw new InvalidOperationException(whyNot);
        var asPostgres = Environment.UserName == "root";
        var directory = System.IO.Directory.CreateTempSubdirectory("coexist-pg-").FullName;
        var cluster = new PostgresCluster(bin, directory, asPostgres);
        try
        {
            if (asPostgres) await RunAsync("chown", ["postgres:postgres", directory]);
            await cluster.RunBinaryAsync("initdb", ["-D", cluster.DataDirectory, "-U", AdminUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            // The password user must authenticate, so that the tests can show the password never leaks; everyone else is trusted.
            await File.WriteAllTextAsync(Path.Combine(cluster.DataDirectory, "pg_hba.conf"), $"""
                local all all trust
                host all {PasswordUser} 127.0.0.1/32 scram-sha-256
                host all all 127.0.0.1/32 trust
                """);
            await cluster.StartServerAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="user"/> on <paramref name="database"/> over TCP to 127.0.0.1.</summary>
    public string ConnectionString(string database, string user = AdminUser, string? password = null)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Database = database,
            Username = user,
            Pooling = false,
            Timeout = 15,
        };
        if (password is not null) builder.Password = password;
        return builder.ConnectionString;
    }

    /// <summary>Runs SQL as the administrator (the cluster's superuser).</summary>
    public async Task ExecuteAsync(string database, string sql, int timeoutSeconds = 600)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await RunBinaryAsync("pg_ctl", ["-D", DataDirectory, "stop", "-m", "immediate", "-w", "-t", "30"]);
            }
            catch (InvalidOperationException)
            {
                // Already gone; the directory goes anyway.
            }
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartServerAsync()
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var options = string.Join(' ',
                "-c listen_addresses=127.0.0.1", $"-p {Port.ToString(CultureInfo.InvariantCulture)}", $"-k {Directory}",
                // A throw-away cluster: durability settings off, for speed.
                "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c shared_buffers=128MB", "-c max_connections=40");
            try
            {
                await RunBinaryAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(Directory, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
                return;
            }
            catch (InvalidOperationException) when (attempt < attempts)
            {
                // Another process took the port between probing and binding: try another.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunBinaryAsync(string name, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(_bin, name);
        return _asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments]) : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} did not finish within {CommandTimeout}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}{await stdout}");
    }

    private static bool UserExists(string user) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(user + ":", StringComparison.Ordinal));
}
