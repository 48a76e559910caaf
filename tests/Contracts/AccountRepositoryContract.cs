using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Members;
using OneOf.Types;

namespace Fluents.Settings.Contracts;

/// <summary>
/// What every <see cref="IAccountRepository"/> must do (DESIGN.md §1: load, add, save with optimistic concurrency). An
/// adapter's tests derive from this class and say how to create an empty repository; the same tests then run
/// against it. Each test gets a fresh repository.
/// </summary>
public abstract class AccountRepositoryContract
{
    private static readonly Instant Now = TestAccounts.Now;
    private readonly SeededSecretGenerator _random = new(11);

    /// <summary>A new, empty repository.</summary>
    protected abstract IAccountRepository CreateRepository();

    [ContractFact]
    public async Task Find_NothingStored_IsAccountNotFound()
    {
        var repository = CreateRepository();

        Assert.Equal(new AccountNotFound(TestAccounts.AccountId), (await repository.FindAsync(TestAccounts.AccountId)).Error);
    }

    [ContractFact]
    public async Task Add_ThenFind_RoundTripsTheSnapshot()
    {
        var repository = CreateRepository();
        var account = Opened();
        _ = account.CreateEnvironment(TestAccounts.Admin, "staging", 0, Now, _random).Value;
        _ = account.Invite(TestAccounts.Admin, "bob@example.com", Role.Member, Now, _random).Value;

        Assert.IsType<Success>((await repository.AddAsync(account)).Value);
        var found = (await repository.FindAsync(account.Id)).Value;

        Assert.Equal(account.ToSnapshot(), found.ToSnapshot());
        Assert.Empty(found.PendingEvents);
    }

    [ContractFact]
    public async Task Add_IdTaken_IsAccountAlreadyExistsAndTheFirstIsKept()
    {
        var repository = CreateRepository();
        var first = Opened(planLimit: 10);
        Assert.IsType<Success>((await repository.AddAsync(first)).Value);

        var result = await repository.AddAsync(Opened(planLimit: 99));

        Assert.Equal(new AccountAlreadyExists(first.Id), Assert.IsType<AccountAlreadyExists>(result.Value));
        Assert.Equal(first.ToSnapshot(), (await repository.FindAsync(first.Id)).Value.ToSnapshot());
    }

    [ContractFact]
    public async Task Save_WithTheLoadedVersion_StoresTheChangeAndTheNextVersion()
    {
        var repository = await RepositoryWithAccountAsync();
        var loaded = await LoadAsync(repository);
        _ = loaded.ChangePlanLimit(TestAccounts.Admin, 60, Now).Value;

        Assert.IsType<Success>((await repository.SaveAsync(loaded, expectedVersion: 0)).Value);

        var found = await LoadAsync(repository);
        Assert.Equal(1, found.Version);
        Assert.Equal(60, found.PlanLimit);
        Assert.Equal(loaded.ToSnapshot(), found.ToSnapshot());
    }

    [ContractFact]
    public async Task Save_SeveralChangesInTurn_EachWithTheVersionItLoaded_AllAreStored()
    {
        var repository = await RepositoryWithAccountAsync();

        for (var limit = 41; limit <= 45; limit++)
        {
            var loaded = await LoadAsync(repository);
            _ = loaded.ChangePlanLimit(TestAccounts.Admin, limit, Now).Value;
            Assert.IsType<Success>((await repository.SaveAsync(loaded, loaded.Version - 1)).Value);
        }

        var found = await LoadAsync(repository);
        Assert.Equal((5, 45), (found.Version, found.PlanLimit));
    }

    [ContractFact]
    public async Task Save_StaleVersion_IsAConflictWithExpectedAndActualAndChangesNothing()
    {
        var repository = await RepositoryWithAccountAsync();
        var first = await LoadAsync(repository);
        var second = await LoadAsync(repository);
        _ = first.ChangePlanLimit(TestAccounts.Admin, 60, Now).Value;
        Assert.IsType<Success>((await repository.SaveAsync(first, 0)).Value);
        _ = second.ChangePlanLimit(TestAccounts.Admin, 20, Now).Value;

        var result = await repository.SaveAsync(second, 0);

        Assert.Equal(new ConcurrencyConflict(TestAccounts.AccountId, ExpectedVersion: 0, ActualVersion: 1), Assert.IsType<ConcurrencyConflict>(result.Value));
        Assert.Equal(first.ToSnapshot(), (await LoadAsync(repository)).ToSnapshot());
    }

    [ContractFact]
    public async Task Save_VersionAheadOfTheStore_IsAConflictAndChangesNothing()
    {
        var repository = await RepositoryWithAccountAsync();
        var loaded = await LoadAsync(repository);
        var before = loaded.ToSnapshot();
        _ = loaded.ChangePlanLimit(TestAccounts.Admin, 60, Now).Value;

        var result = await repository.SaveAsync(loaded, expectedVersion: 7);

        Assert.Equal((7, 0), (Assert.IsType<ConcurrencyConflict>(result.Value).ExpectedVersion, Assert.IsType<ConcurrencyConflict>(result.Value).ActualVersion));
        Assert.Equal(before, (await LoadAsync(repository)).ToSnapshot());
    }

    [ContractFact]
    public async Task Save_AccountNeverAdded_IsAConflictAndStoresNothing()
    {
        var repository = CreateRepository();
        var account = Opened();
        _ = account.ChangePlanLimit(TestAccounts.Admin, 60, Now).Value;

        var result = await repository.SaveAsync(account, 0);

        Assert.Equal(account.Id, Assert.IsType<ConcurrencyConflict>(result.Value).Account);
        Assert.IsType<AccountNotFound>((await repository.FindAsync(account.Id)).Error);
    }

    [ContractFact]
    public async Task Find_TwoLoads_ReturnIndependentInstances()
    {
        var repository = await RepositoryWithAccountAsync();
        var first = await LoadAsync(repository);
        var before = first.ToSnapshot();

        _ = first.ChangePlanLimit(TestAccounts.Admin, 60, Now).Value;
        _ = first.CreateEnvironment(TestAccounts.Admin, "staging", 0, Now, _random).Value;
        var second = await LoadAsync(repository);

        Assert.NotSame(first, second);
        Assert.Equal(before, second.ToSnapshot());
    }

    [ContractFact]
    public async Task Add_ThenChangeTheAddedInstance_TheStoreKeepsWhatWasAdded()
    {
        var repository = CreateRepository();
        var account = Opened();
        Assert.IsType<Success>((await repository.AddAsync(account)).Value);
        var added = account.ToSnapshot();

        _ = account.CreateEnvironment(TestAccounts.Admin, "staging", 0, Now, _random).Value;

        Assert.Equal(added, (await LoadAsync(repository)).ToSnapshot());
    }

    [ContractFact]
    public async Task Save_ThenChangeTheSavedInstance_TheStoreKeepsWhatWasSaved()
    {
        var repository = await RepositoryWithAccountAsync();
        var loaded = await LoadAsync(repository);
        _ = loaded.ChangePlanLimit(TestAccounts.Admin, 60, Now).Value;
        Assert.IsType<Success>((await repository.SaveAsync(loaded, 0)).Value);
        var saved = loaded.ToSnapshot();

        _ = loaded.ChangePlanLimit(TestAccounts.Admin, 70, Now).Value;

        Assert.Equal(saved, (await LoadAsync(repository)).ToSnapshot());
    }

    [ContractFact]
    public async Task Save_OneAccount_LeavesOtherAccountsAlone()
    {
        var repository = await RepositoryWithAccountAsync();
        var other = Account.Open(new AccountId(Guid.NewGuid()), 5, TestAccounts.Admin, "Ada", "ada@example.com", Now, _random).Value.Account;
        Assert.IsType<Success>((await repository.AddAsync(other)).Value);
        var loaded = await LoadAsync(repository);
        _ = loaded.ChangePlanLimit(TestAccounts.Admin, 60, Now).Value;

        Assert.IsType<Success>((await repository.SaveAsync(loaded, 0)).Value);

        Assert.Equal(other.ToSnapshot(), (await repository.FindAsync(other.Id)).Value.ToSnapshot());
    }

    [ContractFact]
    public async Task Save_ManyWritersFromTheSameVersionAtOnce_ExactlyOneWins()
    {
        const int writers = 8;
        var repository = await RepositoryWithAccountAsync();
        var loaded = new Account[writers];
        for (var i = 0; i < writers; i++)
        {
            loaded[i] = await LoadAsync(repository);
            _ = loaded[i].ChangePlanLimit(TestAccounts.Admin, 100 + i, Now).Value;
        }
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var saves = loaded.Select(account => Task.Run(async () =>
        {
            await start.Task;
            return await repository.SaveAsync(account, 0);
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(saves).WaitAsync(TimeSpan.FromSeconds(30));

        var winner = Assert.Single(Enumerable.Range(0, writers), i => results[i].IsT0);
        Assert.All(results.Where(r => r.IsT1), r => Assert.Equal((0, 1), (r.AsT1.ExpectedVersion, r.AsT1.ActualVersion)));
        var stored = await LoadAsync(repository);
        Assert.Equal((1, 100 + winner), (stored.Version, stored.PlanLimit));
    }

    [ContractFact]
    public async Task Save_CancelledBeforeItStarts_ThrowsAndStoresNothing()
    {
        var repository = await RepositoryWithAccountAsync();
        var loaded = await LoadAsync(repository);
        _ = loaded.ChangePlanLimit(TestAccounts.Admin, 60, Now).Value;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repository.SaveAsync(loaded, 0, new CancellationToken(canceled: true)));

        Assert.Equal(0, (await LoadAsync(repository)).Version);
    }

    private Account Opened(int planLimit = 40) => TestAccounts.Open(planLimit, _random).Account;

    private async Task<IAccountRepository> RepositoryWithAccountAsync()
    {
        var repository = CreateRepository();
        Assert.IsType<Success>((await repository.AddAsync(Opened())).Value);
        return repository;
    }

    private static async Task<Account> LoadAsync(IAccountRepository repository) =>
        (await repository.FindAsync(TestAccounts.AccountId)).Value;
}
