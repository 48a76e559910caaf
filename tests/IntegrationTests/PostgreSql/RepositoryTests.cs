using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.IntegrationTests.Servers;
using Fluents.Settings.Json;
using Fluents.Settings.Members;
using Fluents.Settings.PostgreSql.Accounts;

namespace Fluents.Settings.IntegrationTests.PostgreSql;

/// <summary>
/// What is particular to the PostgreSQL repository (the contract suite covers the rest): everything a change derives is written
/// in the save's one transaction, or nothing is; and a bad row loads as a typed refusal, never an exception (issue 13: bad data).
/// </summary>
public sealed class RepositoryTests : IAsyncLifetime
{
    private TestSchema _schema = null!;
    private PostgreSqlHost _host = null!;

    public async Task InitializeAsync()
    {
        if (!TestServers.Postgres.IsReachable && !TestServers.InCi) return;
        _schema = await TestSchema.CreateAsync();
        _host = await PostgreSqlHost.StartAsync(_schema);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_schema is not null) await _schema.DisposeAsync();
    }

    [PostgresFact]
    public async Task Save_WritesTheRowOutboxAuditAndKeysInOneTransaction_R32()
    {
        var account = await OpenAsync();

        var created = (await _host.Service.CreateEnvironmentAsync(account, TestAccounts.Admin, "staging", 0)).Value;

        Assert.Equal(1L, await _schema.ScalarAsync<long>("SELECT version FROM accounts WHERE id = $1", account.Value));
        Assert.Equal(1L, await _schema.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE account_id = $1 AND version = 1 AND type = 'environment.created'", account.Value));
        Assert.Equal(1L, await _schema.ScalarAsync<long>("SELECT count(*) FROM audit WHERE account_id = $1 AND version = 1 AND $2 = ANY (environments)", account.Value, created.Environment.Value));
        Assert.Equal(2L, await _schema.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE account_id = $1", account.Value));
        Assert.Equal(1L, await _schema.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE account_id = $1 AND environment_id = $2 AND account_version = 1", account.Value, created.Environment.Value));
    }

    [PostgresFact]
    public async Task Save_StaleVersion_WritesNothingItWouldHaveDerived()
    {
        var account = await OpenAsync();
        var first = (await _host.Repository.FindAsync(account)).Value;
        var second = (await _host.Repository.FindAsync(account)).Value;
        _ = first.ChangePlanLimit(TestAccounts.Admin, 60, TestAccounts.Now).Value;
        _ = second.CreateEnvironment(TestAccounts.Admin, "staging", 0, TestAccounts.Now, new SeededSecretGenerator(3)).Value;
        Assert.True((await _host.Repository.SaveAsync(first, 0, CancellationToken.None)).IsT0);

        var lost = await _host.Repository.SaveAsync(second, 0, CancellationToken.None);

        Assert.Equal(new ConcurrencyConflict(account, 0, 1), lost.AsT1);
        Assert.Equal(0L, await _schema.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE account_id = $1 AND type = 'environment.created' AND version = 1", account.Value));
        Assert.Equal(1L, await _schema.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE account_id = $1", account.Value));
        Assert.Equal(1L, await _schema.ScalarAsync<long>("SELECT count(*) FROM audit WHERE account_id = $1 AND version = 1", account.Value));
    }

    [PostgresTheory]
    [InlineData("""{"schemaVersion": 1, "id": 42}""")]
    [InlineData("""{"hello": "world"}""")]
    [InlineData("""[1, 2, 3]""")]
    [InlineData("""null""")]
    public async Task Find_RowWhoseJsonIsNotASnapshot_IsInvalidAccountSnapshot(string json)
    {
        var account = await OpenAsync();
        await _schema.ExecuteAsync("UPDATE accounts SET snapshot = $2::jsonb WHERE id = $1", account.Value, json);

        var found = await _host.Repository.FindAsync(account);

        Assert.IsType<InvalidAccountSnapshot>(found.Error);
    }

    [PostgresFact]
    public async Task Find_RowThatBreaksAnInvariant_IsInvalidAccountSnapshot_R16()
    {
        var account = await OpenAsync();
        // The only member demoted in the stored JSON: an account without an Admin (R16).
        await _schema.ExecuteAsync("UPDATE accounts SET snapshot = jsonb_set(snapshot, '{members,0,role}', '\"Member\"') WHERE id = $1", account.Value);

        var found = await _host.Repository.FindAsync(account);

        Assert.Contains("R16", Assert.IsType<InvalidAccountSnapshot>(found.Error).Reason, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Find_RowANewerLibraryWrote_IsUnsupportedSchemaVersion()
    {
        var account = await OpenAsync();
        await _schema.ExecuteAsync("UPDATE accounts SET snapshot = jsonb_set(snapshot, '{schemaVersion}', '2') WHERE id = $1", account.Value);

        var found = await _host.Repository.FindAsync(account);

        Assert.Equal(new UnsupportedSchemaVersion(2, SettingsJson.SnapshotSchemaVersion), found.Error);
    }

    [PostgresFact]
    public async Task Find_VersionColumnDisagreesWithTheSnapshot_IsInvalidAccountSnapshot()
    {
        var account = await OpenAsync();
        await _schema.ExecuteAsync("UPDATE accounts SET version = 7 WHERE id = $1", account.Value);

        Assert.IsType<InvalidAccountSnapshot>((await _host.Repository.FindAsync(account)).Error);
    }

    [PostgresFact]
    public async Task UseCases_OnACorruptRow_ReturnInvalidSnapshotAsAValueAndWriteNothing()
    {
        var account = await OpenAsync();
        await _schema.ExecuteAsync("UPDATE accounts SET snapshot = '{\"schemaVersion\": 1}'::jsonb WHERE id = $1", account.Value);

        var changed = await _host.Service.ChangePlanLimitAsync(account, TestAccounts.Admin, 60);
        var viewed = await _host.Service.ListEnvironmentsAsync(account, TestAccounts.Admin);

        Assert.IsType<InvalidAccountSnapshot>(changed.Error);
        Assert.IsType<InvalidAccountSnapshot>(viewed.Error);
        Assert.Equal(0L, await _schema.ScalarAsync<long>("SELECT version FROM accounts WHERE id = $1", account.Value));
    }

    [PostgresFact]
    public async Task Invite_TheEmailIsSealedInTheOutbox_NoTokenAnywhereInTheDatabase_R23()
    {
        var account = await OpenAsync();

        var invited = (await _host.Service.InviteAsync(account, TestAccounts.Admin, "bob@example.com", Role.Member)).Value;

        Assert.True(invited.Queued);
        Assert.Empty(_host.Mailer.Outbox); // no relay on this host: nothing sent in-process
        Assert.Equal(1L, await _schema.ScalarAsync<long>("SELECT count(*) FROM invitation_mail WHERE invitation_id = $1", invited.Invitation.Value));
        // The email was sealed with the test's key: open it as the relay would, and look for its token in every table.
        var sealedEmail = await _schema.ScalarAsync<byte[]>("SELECT sealed FROM invitation_mail WHERE invitation_id = $1", invited.Invitation.Value);
        var email = Fluents.Settings.PostgreSql.Outbox.InvitationMailSeal.Open(sealedEmail, _schema.Options.InvitationMailKey!, account, invited.Invitation);
        var token = email.Token.Reveal();
        Assert.Equal(0L, await _schema.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM accounts WHERE snapshot::text LIKE '%' || $1 || '%')
                 + (SELECT count(*) FROM outbox WHERE payload::text LIKE '%' || $1 || '%')
                 + (SELECT count(*) FROM audit WHERE payload::text LIKE '%' || $1 || '%' OR summary LIKE '%' || $1 || '%')
                 + (SELECT count(*) FROM invitation_mail WHERE position(convert_to($1, 'UTF8') IN sealed) > 0)
            """, token));
        Assert.Equal(0L, await _schema.ScalarAsync<long>("SELECT count(*) FROM invitation_mail WHERE position(convert_to('bob@example.com', 'UTF8') IN sealed) > 0"));
    }

    [PostgresFact]
    public async Task Invite_WithoutAMailKey_RefusesToSaveAndStoresNothing()
    {
        var account = await OpenAsync();
        var keyless = new PostgreSqlAccountRepository(_host.DataSource, _schema.Options with { InvitationMailKey = null });
        var service = new SettingsService(keyless, _host.Mailer, _host.Keys, SystemClock.Instance, new SeededSecretGenerator(9));

        await Assert.ThrowsAsync<InvalidOperationException>(() => service.InviteAsync(account, TestAccounts.Admin, "bob@example.com", Role.Member));

        Assert.Equal(0L, await _schema.ScalarAsync<long>("SELECT version FROM accounts WHERE id = $1", account.Value));
    }

    private async Task<AccountId> OpenAsync()
    {
        var id = new AccountId(Guid.NewGuid());
        _ = (await _host.Service.OpenAccountAsync(40, TestAccounts.Admin, TestAccounts.AdminName, TestAccounts.AdminEmail, id)).Value;
        return id;
    }
}
