namespace Coexist.Schema.Tests.Live;

/// <summary>A fact that needs the PostgreSQL server binaries; without them it skips and says why.</summary>
public sealed class RequiresPostgresFactAttribute : FactAttribute
{
    public RequiresPostgresFactAttribute()
    {
        if (PostgresCluster.FindBinaries(out var whyNot) is null) Skip = whyNot;
    }
}

/// <summary>One cluster for the whole test run, loaded with the shop schema and its data.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Shop = "shop";

    private PostgresCluster? _cluster;

    public PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster did not start");

    public async Task InitializeAsync()
    {
        if (PostgresCluster.FindBinaries(out _) is null) return;
        _cluster = await PostgresCluster.StartAsync();
        await _cluster.ExecuteAsync("postgres", $"CREATE ROLE {PostgresCluster.ReaderUser} LOGIN");
        await _cluster.ExecuteAsync("postgres", $"CREATE ROLE {PostgresCluster.PasswordUser} LOGIN PASSWORD '{PostgresCluster.Password}'");
        // CREATE DATABASE cannot share a batch with other statements.
        await _cluster.ExecuteAsync("postgres", $"CREATE DATABASE {Shop}");
        await _cluster.ExecuteAsync(Shop, Fixture.Text("postgres-live-shop.sql"));
        await _cluster.ExecuteAsync(Shop, $"""
            GRANT USAGE ON SCHEMA shop TO {PostgresCluster.ReaderUser}, {PostgresCluster.PasswordUser};
            GRANT SELECT ON ALL TABLES IN SCHEMA shop TO {PostgresCluster.ReaderUser}, {PostgresCluster.PasswordUser};
            """);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
