using Fluents.Settings.Accounts;
using Fluents.Settings.Contracts;
using Fluents.Settings.Application;
using Fluents.Settings.InMemory;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Application;

/// <summary>The embedded repository passes the contract every adapter must pass.</summary>
public sealed class InMemoryAccountRepositoryTests : AccountRepositoryContract
{
    protected override IAccountRepository CreateRepository() => new InMemoryAccountRepository();

    [Fact]
    public async Task SnapshotOf_AfterASave_IsExactlyWhatTheAccountWrote()
    {
        var repository = new InMemoryAccountRepository();
        var account = TestAccounts.Open().Account;
        Assert.IsType<Success>((await repository.AddAsync(account)).Value);

        Assert.Equal(account.ToSnapshot(), repository.SnapshotOf(account.Id));
        Assert.Equal(1, repository.Count);
        Assert.Null(repository.SnapshotOf(new AccountId(Guid.NewGuid())));
    }
}
