using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.ApiKeys;

public class InMemoryApiKeyIndexTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 1, 12, 0);

    private readonly SeededSecretGenerator _random = new(5);
    private readonly InMemoryApiKeyIndex _index = new();

    [Fact]
    public void ReplaceAccountKeys_NewKeys_FoundByHash()
    {
        // R27: O(1) lookup by hash.
        var (account, environment, key) = NewKey();

        _index.ReplaceAccountKeys(account, [Entry(account, environment, key)]);

        Assert.True(_index.TryFind(key.Hash, out var entry));
        Assert.Equal(new ApiKeyIndexEntry(key.Hash, account, environment, null), entry);
    }

    [Fact]
    public void ReplaceAccountKeys_KeyLeftOut_NoLongerFound()
    {
        var (account, environment, key) = NewKey();
        var replacement = ApiKey.Issue(_random);
        _index.ReplaceAccountKeys(account, [Entry(account, environment, key)]);

        _index.ReplaceAccountKeys(account, [Entry(account, environment, replacement)]);

        Assert.False(_index.TryFind(key.Hash, out _));
        Assert.True(_index.TryFind(replacement.Hash, out _));
        Assert.Equal(1, _index.Count);
    }

    [Fact]
    public void ReplaceAccountKeys_Empty_RemovesAllOfTheAccount()
    {
        var (account, environment, key) = NewKey();
        _index.ReplaceAccountKeys(account, [Entry(account, environment, key)]);

        _index.ReplaceAccountKeys(account, []);

        Assert.False(_index.TryFind(key.Hash, out _));
        Assert.Equal(0, _index.Count);
    }

    [Fact]
    public void ReplaceAccountKeys_OneAccount_OtherAccountsUntouched()
    {
        var (first, firstEnvironment, firstKey) = NewKey();
        var (second, secondEnvironment, secondKey) = NewKey();
        _index.ReplaceAccountKeys(first, [Entry(first, firstEnvironment, firstKey)]);
        _index.ReplaceAccountKeys(second, [Entry(second, secondEnvironment, secondKey)]);

        _index.ReplaceAccountKeys(first, []);
        _index.RemoveAccount(AccountId.New(Now, _random)); // unknown account: nothing happens

        Assert.True(_index.TryFind(secondKey.Hash, out _));
    }

    [Fact]
    public void ReplaceAccountKeys_EntryOfAnotherAccount_ThrowsAndChangesNothing()
    {
        var (account, environment, key) = NewKey();
        var (other, otherEnvironment, otherKey) = NewKey();

        Assert.Throws<ArgumentException>(() => _index.ReplaceAccountKeys(account, [Entry(account, environment, key), Entry(other, otherEnvironment, otherKey)]));
        Assert.Equal(0, _index.Count);
    }

    [Fact]
    public void ReplaceAccountKeys_TwoEntriesSameHash_Throws()
    {
        var (account, environment, key) = NewKey();

        Assert.Throws<ArgumentException>(() => _index.ReplaceAccountKeys(account, [Entry(account, environment, key), Entry(account, environment, key) with { ValidUntil = Now }]));
    }

    [Fact]
    public void ReplaceAccountKeys_HashIndexedForAnotherAccount_ThrowsAndChangesNothing()
    {
        var (first, firstEnvironment, key) = NewKey();
        var (second, secondEnvironment, secondKey) = NewKey();
        _index.ReplaceAccountKeys(first, [Entry(first, firstEnvironment, key)]);
        _index.ReplaceAccountKeys(second, [Entry(second, secondEnvironment, secondKey)]);

        Assert.Throws<ArgumentException>(() => _index.ReplaceAccountKeys(second, [new ApiKeyIndexEntry(key.Hash, second, secondEnvironment, null)]));
        Assert.True(_index.TryFind(key.Hash, out var entry));
        Assert.Equal(first, entry.Account);
        Assert.True(_index.TryFind(secondKey.Hash, out _));
    }

    [Fact]
    public void ReplaceAccountKeys_DefaultIdsOrNulls_Throw()
    {
        var (account, environment, key) = NewKey();

        Assert.Throws<ArgumentException>(() => _index.ReplaceAccountKeys(default, []));
        Assert.Throws<ArgumentNullException>(() => _index.ReplaceAccountKeys(account, null!));
        Assert.Throws<ArgumentNullException>(() => _index.ReplaceAccountKeys(account, [null!]));
        Assert.Throws<ArgumentException>(() => _index.ReplaceAccountKeys(account, [Entry(account, default, key)]));
        Assert.Equal(0, _index.Count);
        _ = environment;
    }

    [Fact]
    public void ReplaceAccountKeys_KeyKeptAsPreviousKey_KeepsItsLastUse()
    {
        // R26: rotating turns the current key into the previous one; its history stays.
        var (account, environment, key) = NewKey();
        _index.ReplaceAccountKeys(account, [Entry(account, environment, key)]);
        _index.RecordUse(key.Hash, Now);

        _index.ReplaceAccountKeys(account, [Entry(account, environment, key) with { ValidUntil = Now + Duration.FromDays(1) }, Entry(account, environment, ApiKey.Issue(_random))]);

        Assert.True(_index.TryFind(key.Hash, out var entry));
        Assert.Equal(Now + Duration.FromDays(1), entry.ValidUntil);
        Assert.True(_index.TryGetLastUsed(key.Hash, out var lastUsed));
        Assert.Equal(Now, lastUsed);
    }

    [Fact]
    public void RecordUse_WithinOneSecond_KeepsTheFirstInstant()
    {
        var (account, environment, key) = NewKey();
        _index.ReplaceAccountKeys(account, [Entry(account, environment, key)]);

        _index.RecordUse(key.Hash, Now);
        _index.RecordUse(key.Hash, Now + Duration.FromMilliseconds(999));
        _index.TryGetLastUsed(key.Hash, out var withinTheSecond);
        _index.RecordUse(key.Hash, Now + Duration.FromSeconds(1));
        _index.TryGetLastUsed(key.Hash, out var aSecondLater);
        _index.RecordUse(key.Hash, Now - Duration.FromHours(1));
        _index.TryGetLastUsed(key.Hash, out var afterAnOlderUse);

        Assert.Equal(Now, withinTheSecond);
        Assert.Equal(Now + Duration.FromSeconds(1), aSecondLater);
        Assert.Equal(Now + Duration.FromSeconds(1), afterAnOlderUse);
    }

    [Fact]
    public void RecordUse_UnknownKey_Ignored()
    {
        var key = ApiKey.Issue(_random);

        _index.RecordUse(key.Hash, Now);

        Assert.False(_index.TryGetLastUsed(key.Hash, out _));
    }

    [Fact]
    public async Task TryFind_WhileAnotherThreadRotates_KeptKeyAlwaysFound()
    {
        // A key present before and after every replacement never disappears for a reader.
        var (account, environment, kept) = NewKey();
        var keptEntry = Entry(account, environment, kept);
        _index.ReplaceAccountKeys(account, [keptEntry]);
        using var stop = new CancellationTokenSource();
        var misses = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
                if (!_index.TryFind(kept.Hash, out var _)) Interlocked.Increment(ref misses);
        })).ToArray();

        var random = new SeededSecretGenerator(17);
        for (var i = 0; i < 5_000; i++)
        {
            var rotating = EnvironmentId.New(Now, random);
            _index.ReplaceAccountKeys(account, [keptEntry with { ValidUntil = i % 2 == 0 ? Now : null }, Entry(account, rotating, ApiKey.Issue(random))]);
        }

        stop.Cancel();
        await Task.WhenAll(readers);

        Assert.Equal(0, misses);
        Assert.Equal(2, _index.Count);
    }

    private (AccountId Account, EnvironmentId Environment, ApiKey Key) NewKey() =>
        (AccountId.New(Now, _random), EnvironmentId.New(Now, _random), ApiKey.Issue(_random));

    private static ApiKeyIndexEntry Entry(AccountId account, EnvironmentId environment, ApiKey key) => new(key.Hash, account, environment, null);
}
