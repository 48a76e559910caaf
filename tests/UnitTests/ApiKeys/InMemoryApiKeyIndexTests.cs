using Fluents.Settings.Accounts;
using Fluents.Settings.Contracts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.InMemory;

namespace Fluents.Settings.UnitTests.ApiKeys;

/// <summary>The embedded index: the <see cref="ApiKeyIndexContract"/>, plus what only it has (last-use tracking, a count).</summary>
public class InMemoryApiKeyIndexTests : ApiKeyIndexContract
{
    private readonly InMemoryApiKeyIndex _index = new();
    private long _version; // each replacement is a newer account version than the last

    protected override IApiKeyIndex CreateIndex() => new InMemoryApiKeyIndex();

    [Fact]
    public void ReplaceAccountKeys_KeyLeftOut_IsDroppedNotKeptAsATombstone()
    {
        var (account, environment, key) = NewKey();
        _index.ReplaceAccountKeys(account, ++_version, [Entry(account, environment, key)]);

        _index.ReplaceAccountKeys(account, ++_version, [Entry(account, environment, NewApiKey())]);

        Assert.Equal(1, _index.Count);
    }

    [Fact]
    public void ReplaceAccountKeys_KeyKeptAsPreviousKey_KeepsItsLastUse()
    {
        // R26: rotating turns the current key into the previous one; its history stays.
        var (account, environment, key) = NewKey();
        _index.ReplaceAccountKeys(account, ++_version, [Entry(account, environment, key)]);
        _index.RecordUse(key.Hash, Now);

        _index.ReplaceAccountKeys(account, ++_version, [Entry(account, environment, key) with { ValidUntil = Now + Duration.FromDays(1) }, Entry(account, environment, NewApiKey())]);

        Assert.True(_index.TryFind(key.Hash, out var entry));
        Assert.Equal(Now + Duration.FromDays(1), entry.ValidUntil);
        Assert.True(_index.TryGetLastUsed(key.Hash, out var lastUsed));
        Assert.Equal(Now, lastUsed);
    }

    [Fact]
    public void RecordUse_WithinOneSecond_KeepsTheFirstInstant()
    {
        var (account, environment, key) = NewKey();
        _index.ReplaceAccountKeys(account, ++_version, [Entry(account, environment, key)]);

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
        var key = NewApiKey();

        _index.RecordUse(key.Hash, Now);

        Assert.False(_index.TryGetLastUsed(key.Hash, out _));
    }

    [Fact]
    public async Task TryFind_WhileAnotherThreadRotates_KeptKeyAlwaysFound()
    {
        // A key present before and after every replacement never disappears for a reader.
        var (account, environment, kept) = NewKey();
        var keptEntry = Entry(account, environment, kept);
        _index.ReplaceAccountKeys(account, ++_version, [keptEntry]);
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
            _index.ReplaceAccountKeys(account, ++_version, [keptEntry with { ValidUntil = i % 2 == 0 ? Now : null }, Entry(account, rotating, ApiKey.Issue(random))]);
        }

        stop.Cancel();
        await Task.WhenAll(readers);

        Assert.Equal(0, misses);
        Assert.Equal(2, _index.Count);
    }
}
