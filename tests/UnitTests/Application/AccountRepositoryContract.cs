using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Members;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Application;

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

    [Fact]
    public async Task Find_NothingStored_ReturnsNull()
    {
        var repository = CreateRepository();

        Assert.Null(await repository.FindAsync(TestAccounts.AccountId));
    }

    [Fact]
    public async Task Add_ThenFind_RoundTripsTheSnapshot()
    {
        var repository = CreateRepository();
        var account = Opened();
        account.CreateEnvironment(TestAccounts.Admin, "staging", 0, Now, _random).Ok<CreatedEnvironment>();
        account.Invite(TestAccounts.Admin, "bob@example.com", Role.Member, Now, _random).Ok<IssuedInvitation>();

        (await repository.AddAsync(account)).Ok<Success>();
        var found = await repository.FindAsync(account.Id);

        Assert.NotNull(found);
        Assert.Equal(account.ToSnapshot(), found.ToSnapshot());
        Assert.Empty(found.PendingEvents);
    }

    [Fact]
    public async Task Add_IdTaken_IsAccountAlreadyExistsAndTheFirstIsKept()
    {
        var repository = CreateRepository();
        var first = Opened(planLimit: 10);
        (await repository.AddAsync(first)).Ok<Success>();

        var result = await repository.AddAsync(Opened(planLimit: 99));

        Assert.Equal(new AccountAlreadyExists(first.Id), result.Ok<AccountAlreadyExists>());
        Assert.Equal(first.ToSnapshot(), (await repository.FindAsync(first.Id))?.ToSnapshot());
    }

    [Fact]
    public async Task Save_WithTheLoadedVersion_StoresTheChangeAndTheNextVersion()
    {
        var repository = await RepositoryWithAccountAsync();
        var loaded = await LoadAsync(repository);
        loaded.ChangePlanLimit(TestAccounts.Admin, 60, Now).Ok<Success>();

        (await repository.SaveAsync(loaded, expectedVersion: 0)).Ok<Success>();

        var found = await LoadAsync(repository);
        Assert.Equal(1, found.Version);
        Assert.Equal(60, found.PlanLimit);
        Assert.Equal(loaded.ToSnapshot(), found.ToSnapshot());
    }

    [Fact]
    public async Task Save_SeveralChangesInTurn_EachWithTheVersionItLoaded_AllAreStored()
    {
        var repository = await RepositoryWithAccountAsync();

        for (var limit = 41; limit <= 45; limit++)
        {
            var loaded = await LoadAsync(repository);
            loaded.ChangePlanLimit(TestAccounts.Admin, limit, Now).Ok<Success>();
            (await repository.SaveAsync(loaded, loaded.Version - 1)).Ok<Success>();
        }

        var found = await LoadAsync(repository);
        Assert.Equal((5, 45), (found.Version, found.PlanLimit));
    }

    [Fact]
    public async Task Save_StaleVersion_IsAConflictWithExpectedAndActualAndChangesNothing()
    {
        var repository = await RepositoryWithAccountAsync();
        var first = await LoadAsync(repository);
        var second = await LoadAsync(repository);
        first.ChangePlanLimit(TestAccounts.Admin, 60, Now).Ok<Success>();
        (await repository.SaveAsync(first, 0)).Ok<Success>();
        second.ChangePlanLimit(TestAccounts.Admin, 20, Now).Ok<Success>();

        var result = await repository.SaveAsync(second, 0);

        Assert.Equal(new ConcurrencyConflict(TestAccounts.AccountId, ExpectedVersion: 0, ActualVersion: 1), result.Ok<ConcurrencyConflict>());
        Assert.Equal(first.ToSnapshot(), (await LoadAsync(repository)).ToSnapshot());
    }

    [Fact]
    public async Task Save_VersionAheadOfTheStore_IsAConflictAndChangesNothing()
    {
        var repository = await RepositoryWithAccountAsync();
        var loaded = await LoadAsync(repository);
        var before = loaded.ToSnapshot();
        loaded.ChangePlanLimit(TestAccounts.Admin, 60, Now).Ok<Success>();

        var result = await repository.SaveAsync(loaded, expectedVersion: 7);

        Assert.Equal((7, 0), (result.Ok<ConcurrencyConflict>().ExpectedVersion, result.Ok<ConcurrencyConflict>().ActualVersion));
        Assert.Equal(before, (await LoadAsync(repository)).ToSnapshot());
    }

    [Fact]
    public async Task Save_AccountNeverAdded_IsAConflictAndStoresNothing()
    {
        var repository = CreateRepository();
        var account = Opened();
        account.ChangePlanLimit(TestAccounts.Admin, 60, Now).Ok<Success>();

        var result = await repository.SaveAsync(account, 0);

        Assert.Equal(account.Id, result.Ok<ConcurrencyConflict>().Account);
        Assert.Null(await repository.FindAsync(account.Id));
    }

    [Fact]
    public async Task Find_TwoLoads_ReturnIndependentInstances()
    {
        var repository = await RepositoryWithAccountAsync();
        var first = await LoadAsync(repository);
        var before = first.ToSnapshot();

        first.ChangePlanLimit(TestAccounts.Admin, 60, Now).Ok<Success>();
        first.CreateEnvironment(TestAccounts.Admin, "staging", 0, Now, _random).Ok<CreatedEnvironment>();
        var second = await LoadAsync(repository);

        Assert.NotSame(first, second);
        Assert.Equal(before, second.ToSnapshot());
    }

    [Fact]
    public async Task Add_ThenChangeTheAddedInstance_TheStoreKeepsWhatWasAdded()
    {
        var repository = CreateRepository();
        var account = Opened();
        (await repository.AddAsync(account)).Ok<Success>();
        var added = account.ToSnapshot();

        account.CreateEnvironment(TestAccounts.Admin, "staging", 0, Now, _random).Ok<CreatedEnvironment>();

        Assert.Equal(added, (await LoadAsync(repository)).ToSnapshot());
    }

    [Fact]
    public async Task Save_ThenChangeTheSavedInstance_TheStoreKeepsWhatWasSaved()
    {
        var repository = await RepositoryWithAccountAsync();
        var loaded = await LoadAsync(repository);
        loaded.ChangePlanLimit(TestAccounts.Admin, 60, Now).Ok<Success>();
        (await repository.SaveAsync(loaded, 0)).Ok<Success>();
        var saved = loaded.ToSnapshot();

        loaded.ChangePlanLimit(TestAccounts.Admin, 70, Now).Ok<Success>();

        Assert.Equal(saved, (await LoadAsync(repository)).ToSnapshot());
    }

    [Fact]
    public async Task Save_OneAccount_LeavesOtherAccountsAlone()
    {
        var repository = await RepositoryWithAccountAsync();
        var other = Account.Open(new AccountId(Guid.NewGuid()), 5, TestAccounts.Admin, "Ada", "ada@example.com", Now, _random).AsT0.Account;
        (await repository.AddAsync(other)).Ok<Success>();
        var loaded = await LoadAsync(repository);
        loaded.ChangePlanLimit(TestAccounts.Admin, 60, Now).Ok<Success>();

        (await repository.SaveAsync(loaded, 0)).Ok<Success>();

        Assert.Equal(other.ToSnapshot(), (await repository.FindAsync(other.Id))?.ToSnapshot());
    }

    [Fact]
    public async Task Save_ManyWritersFromTheSameVersionAtOnce_ExactlyOneWins()
    {
        const int writers = 8;
        var repository = await RepositoryWithAccountAsync();
        var loaded = new Account[writers];
        for (var i = 0; i < writers; i++)
        {
            loaded[i] = await LoadAsync(repository);
            loaded[i].ChangePlanLimit(TestAccounts.Admin, 100 + i, Now).Ok<Success>();
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

    [Fact]
    public async Task Save_CancelledBeforeItStarts_ThrowsAndStoresNothing()
    {
        var repository = await RepositoryWithAccountAsync();
        var loaded = await LoadAsync(repository);
        loaded.ChangePlanLimit(TestAccounts.Admin, 60, Now).Ok<Success>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repository.SaveAsync(loaded, 0, new CancellationToken(canceled: true)));

        Assert.Equal(0, (await LoadAsync(repository)).Version);
    }

    private Account Opened(int planLimit = 40) => TestAccounts.Open(planLimit, _random).Account;

    private async Task<IAccountRepository> RepositoryWithAccountAsync()
    {
        var repository = CreateRepository();
        (await repository.AddAsync(Opened())).Ok<Success>();
        return repository;
    }

    private static async Task<Account> LoadAsync(IAccountRepository repository) =>
        await repository.FindAsync(TestAccounts.AccountId) ?? throw new InvalidOperationException("The account is not stored.");
}
