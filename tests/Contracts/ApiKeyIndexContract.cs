using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Contracts;

/// <summary>
/// What every <see cref="IApiKeyIndex"/> must do (R24–R27, R31), whatever it stores: derive from this class and return
/// a fresh, empty index from <see cref="CreateIndex"/>. <see cref="InMemoryApiKeyIndexTests"/> runs it against the
/// embedded adapter; a shared index (kept in step across hosts) derives from it the same way.
/// </summary>
public abstract class ApiKeyIndexContract
{
    protected static readonly Instant Now = Instant.FromUtc(2026, 3, 1, 12, 0);

    private readonly SeededSecretGenerator _random = new(5);
    private IApiKeyIndex? _index;

    /// <summary>The index under test, created once per test.</summary>
    protected IApiKeyIndex Index => _index ??= CreateIndex();

    /// <summary>A new, empty index.</summary>
    protected abstract IApiKeyIndex CreateIndex();

    [Fact]
    public void ReplaceAccountKeys_NewKeys_FoundByHash()
    {
        // R27: O(1) lookup by hash.
        var (account, environment, key) = NewKey();

        Assert.True(Index.ReplaceAccountKeys(account, 1, [Entry(account, environment, key)]));

        Assert.True(Index.TryFind(key.Hash, out var entry));
        Assert.Equal(new ApiKeyIndexEntry(key.Hash, account, environment, null), entry);
    }

    [Fact]
    public void ReplaceAccountKeys_KeyLeftOut_NoLongerFound()
    {
        var (account, environment, key) = NewKey();
        var replacement = ApiKey.Issue(_random);
        Index.ReplaceAccountKeys(account, 1, [Entry(account, environment, key)]);

        Index.ReplaceAccountKeys(account, 2, [Entry(account, environment, replacement)]);

        Assert.False(Index.TryFind(key.Hash, out _));
        Assert.True(Index.TryFind(replacement.Hash, out _));
    }

    [Fact]
    public void ReplaceAccountKeys_Empty_RemovesAllOfTheAccount()
    {
        var (account, environment, key) = NewKey();
        Index.ReplaceAccountKeys(account, 1, [Entry(account, environment, key)]);

        Index.ReplaceAccountKeys(account, 2, []);

        Assert.False(Index.TryFind(key.Hash, out _));
    }

    [Fact]
    public void ReplaceAccountKeys_OneAccount_OtherAccountsUntouched()
    {
        var (first, firstEnvironment, firstKey) = NewKey();
        var (second, secondEnvironment, secondKey) = NewKey();
        Index.ReplaceAccountKeys(first, 1, [Entry(first, firstEnvironment, firstKey)]);
        Index.ReplaceAccountKeys(second, 1, [Entry(second, secondEnvironment, secondKey)]);

        Index.ReplaceAccountKeys(first, 2, []);
        Index.RemoveAccount(AccountId.New(Now, _random)); // unknown account: nothing happens

        Assert.False(Index.TryFind(firstKey.Hash, out _));
        Assert.True(Index.TryFind(secondKey.Hash, out _));
    }

    [Fact]
    public void ReplaceAccountKeys_OlderVersionAfterANewerOne_ChangesNothing_R26()
    {
        // Two writers finishing out of order: version 2 revoked the key, then version 1's entries arrive late.
        var (account, environment, revoked) = NewKey();
        var current = ApiKey.Issue(_random);
        Index.ReplaceAccountKeys(account, 2, [Entry(account, environment, current)]);

        var applied = Index.ReplaceAccountKeys(account, 1, [Entry(account, environment, revoked)]);

        Assert.False(applied);
        Assert.False(Index.TryFind(revoked.Hash, out _)); // a revoked key never comes back
        Assert.True(Index.TryFind(current.Hash, out _));
    }

    [Fact]
    public void ReplaceAccountKeys_SameVersionTwice_TheSecondChangesNothing()
    {
        var (account, environment, key) = NewKey();
        Index.ReplaceAccountKeys(account, 3, [Entry(account, environment, key)]);

        Assert.False(Index.ReplaceAccountKeys(account, 3, []));
        Assert.True(Index.TryFind(key.Hash, out _));
    }

    [Fact]
    public void ReplaceAccountKeys_VersionsPerAccount_AnotherAccountsVersionDoesNotCount()
    {
        var (first, firstEnvironment, firstKey) = NewKey();
        var (second, secondEnvironment, secondKey) = NewKey();
        Index.ReplaceAccountKeys(first, 10, [Entry(first, firstEnvironment, firstKey)]);

        Assert.True(Index.ReplaceAccountKeys(second, 1, [Entry(second, secondEnvironment, secondKey)]));
        Assert.True(Index.TryFind(secondKey.Hash, out _));
    }

    [Fact]
    public void RemoveAccount_ThenAnyVersion_IsAppliedAgain()
    {
        var (account, environment, key) = NewKey();
        Index.ReplaceAccountKeys(account, 5, [Entry(account, environment, key)]);

        Index.RemoveAccount(account);
        Assert.False(Index.TryFind(key.Hash, out _));

        Assert.True(Index.ReplaceAccountKeys(account, 1, [Entry(account, environment, key)]));
        Assert.True(Index.TryFind(key.Hash, out _));
    }

    [Fact]
    public void ReplaceAccountKeys_EntryOfAnotherAccount_ThrowsAndChangesNothing()
    {
        var (account, environment, key) = NewKey();
        var (other, otherEnvironment, otherKey) = NewKey();

        Assert.Throws<ArgumentException>(() => Index.ReplaceAccountKeys(account, 1, [Entry(account, environment, key), Entry(other, otherEnvironment, otherKey)]));
        Assert.False(Index.TryFind(key.Hash, out _));
        Assert.False(Index.TryFind(otherKey.Hash, out _));
        Assert.True(Index.ReplaceAccountKeys(account, 1, [Entry(account, environment, key)])); // the refused version was not recorded
    }

    [Fact]
    public void ReplaceAccountKeys_TwoEntriesSameHash_Throws()
    {
        var (account, environment, key) = NewKey();

        Assert.Throws<ArgumentException>(() => Index.ReplaceAccountKeys(account, 1, [Entry(account, environment, key), Entry(account, environment, key) with { ValidUntil = Now }]));
        Assert.False(Index.TryFind(key.Hash, out _));
    }

    [Fact]
    public void ReplaceAccountKeys_HashIndexedForAnotherAccount_ThrowsAndChangesNothing()
    {
        var (first, firstEnvironment, key) = NewKey();
        var (second, secondEnvironment, secondKey) = NewKey();
        Index.ReplaceAccountKeys(first, 1, [Entry(first, firstEnvironment, key)]);
        Index.ReplaceAccountKeys(second, 1, [Entry(second, secondEnvironment, secondKey)]);

        Assert.Throws<ArgumentException>(() => Index.ReplaceAccountKeys(second, 2, [new ApiKeyIndexEntry(key.Hash, second, secondEnvironment, null)]));
        Assert.True(Index.TryFind(key.Hash, out var entry));
        Assert.Equal(first, entry.Account);
        Assert.True(Index.TryFind(secondKey.Hash, out _));
    }

    [Fact]
    public void ReplaceAccountKeys_DefaultIdsNullsOrANegativeVersion_Throw()
    {
        var (account, environment, key) = NewKey();

        Assert.Throws<ArgumentException>(() => Index.ReplaceAccountKeys(default, 1, []));
        Assert.Throws<ArgumentException>(() => Index.ReplaceAccountKeys(account, -1, [Entry(account, environment, key)]));
        Assert.Throws<ArgumentNullException>(() => Index.ReplaceAccountKeys(account, 1, null!));
        Assert.Throws<ArgumentNullException>(() => Index.ReplaceAccountKeys(account, 1, [null!]));
        Assert.Throws<ArgumentException>(() => Index.ReplaceAccountKeys(account, 1, [Entry(account, default, key)]));
        Assert.False(Index.TryFind(key.Hash, out _));
    }

    [Fact]
    public async Task ReplaceAccountKeys_ManyWritersInAnyOrder_TheNewestVersionWins_R26()
    {
        // Every version v holds one key of its own; whatever order 200 writers apply them in, the index ends with v200's.
        var (account, environment, _) = NewKey();
        var keys = Enumerable.Range(0, 201).Select(_ => ApiKey.Issue(_random)).ToArray();
        var order = Enumerable.Range(1, 200).OrderBy(v => (v * 7919) % 200).ToArray();

        await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (version, _) =>
        {
            Index.ReplaceAccountKeys(account, version, [Entry(account, environment, keys[version])]);
            return ValueTask.CompletedTask;
        });

        Assert.True(Index.TryFind(keys[200].Hash, out _));
        Assert.All(keys.Take(200), key => Assert.False(Index.TryFind(key.Hash, out _)));
    }

    protected (AccountId Account, EnvironmentId Environment, ApiKey Key) NewKey() =>
        (AccountId.New(Now, _random), EnvironmentId.New(Now, _random), ApiKey.Issue(_random));

    protected ApiKey NewApiKey() => ApiKey.Issue(_random);

    protected static ApiKeyIndexEntry Entry(AccountId account, EnvironmentId environment, ApiKey key) => new(key.Hash, account, environment, null);
}
