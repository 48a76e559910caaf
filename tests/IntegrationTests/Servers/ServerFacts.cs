namespace Fluents.Settings.IntegrationTests.Servers;

/// <summary>
/// A test that needs PostgreSQL: skipped with one sentence on how to start it when the server does not answer, except
/// under <c>CI=true</c>, where it runs (and fails) so that a missing server can never pass CI silently.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Skips the test outside CI when PostgreSQL is not reachable.</summary>
    public PostgresFactAttribute()
    {
        if (!TestServers.InCi && !TestServers.Postgres.IsReachable) Skip = TestServers.Postgres.Missing;
    }
}

/// <summary>A theory that needs PostgreSQL (see <see cref="PostgresFactAttribute"/>).</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory outside CI when PostgreSQL is not reachable.</summary>
    public PostgresTheoryAttribute()
    {
        if (!TestServers.InCi && !TestServers.Postgres.IsReachable) Skip = TestServers.Postgres.Missing;
    }
}

/// <summary>
/// A test that needs redis-server: skipped with one sentence on how to start it when the server does not answer, except
/// under <c>CI=true</c>, where it runs (and fails).
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    /// <summary>Skips the test outside CI when Redis is not reachable.</summary>
    public RedisFactAttribute()
    {
        if (!TestServers.InCi && !TestServers.Redis.IsReachable) Skip = TestServers.Redis.Missing;
    }
}

/// <summary>A theory that needs redis-server (see <see cref="RedisFactAttribute"/>).</summary>
public sealed class RedisTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory outside CI when Redis is not reachable.</summary>
    public RedisTheoryAttribute()
    {
        if (!TestServers.InCi && !TestServers.Redis.IsReachable) Skip = TestServers.Redis.Missing;
    }
}

/// <summary>On a contract test class that needs PostgreSQL: skipped with one sentence outside CI when PostgreSQL is not reachable.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PostgresRequiredAttribute : Fluents.Settings.Contracts.ContractConditionAttribute
{
    /// <inheritdoc />
    public override string? SkipReason => !TestServers.InCi && !TestServers.Postgres.IsReachable ? TestServers.Postgres.Missing : null;
}
