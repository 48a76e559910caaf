using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Contracts;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.PostgreSql.Accounts;
using Fluents.Settings.PostgreSql.ApiKeys;
using Fluents.Settings.PostgreSql.Audit;

namespace Fluents.Settings.IntegrationTests.PostgreSql;

/// <summary>
/// The repository contract, unchanged, against PostgreSQL (issue 13: "the existing AccountRepositoryContract suite runs against
/// the PostgreSQL repository unchanged"). Each test gets a fresh schema, dropped afterwards.
/// </summary>
[PostgresRequired]
public sealed class PostgreSqlAccountRepositoryContractTests : AccountRepositoryContract, IDisposable
{
    private readonly List<TestSchema> _schemas = [];

    /// <summary>Runs only against a server (a contract test is a plain fact; without a server it fails with the one sentence).</summary>
    protected override IAccountRepository CreateRepository()
    {
        var schema = TestSchema.CreateAsync().GetAwaiter().GetResult();
        _schemas.Add(schema);
        return new PostgreSqlAccountRepository(schema.DataSource, schema.Options);
    }

    public void Dispose()
    {
        foreach (var schema in _schemas) schema.Dispose();
    }
}

/// <summary>The audit trail contract (R28) against PostgreSQL: the <c>audit</c> table and its SQL filters and paging.</summary>
[PostgresRequired]
public sealed class PostgreSqlAuditTrailContractTests : AuditTrailContract, IDisposable
{
    private readonly List<TestSchema> _schemas = [];

    protected override IAuditTrail CreateTrail()
    {
        var schema = TestSchema.CreateAsync().GetAwaiter().GetResult();
        _schemas.Add(schema);
        return new PostgreSqlAuditTrail(schema.DataSource, schema.Options);
    }

    public void Dispose()
    {
        foreach (var schema in _schemas) schema.Dispose();
    }
}

/// <summary>The key index contract (R24–R27, R31) for the index a PostgreSQL host verifies with (in memory; no server needed).</summary>
public sealed class PostgreSqlApiKeyIndexContractTests : ApiKeyIndexContract
{
    protected override IApiKeyIndex CreateIndex() => new PostgreSqlApiKeyIndex();
}
