using System.Diagnostics.CodeAnalysis;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.InMemory;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.UnitTests.ApiKeys;

public class ApiKeyVerifierTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 1, 12, 0);

    private readonly SeededSecretGenerator _random = new(99);
    private readonly InMemoryApiKeyIndex _index = new();
    private long _version; // each replacement is a newer account version than the last
    private readonly AccountId _account;
    private readonly EnvironmentId _production;
    private readonly EnvironmentId _staging;
    private readonly ApiKey _productionKey;
    private readonly ApiKey _stagingKey;
    private readonly ApiKeyVerifier _verifier;

    public ApiKeyVerifierTests()
    {
        _account = AccountId.New(Now, _random);
        _production = EnvironmentId.New(Now, _random);
        _staging = EnvironmentId.New(Now, _random);
        _productionKey = ApiKey.Issue(_random);
        _stagingKey = ApiKey.Issue(_random);
        _index.ReplaceAccountKeys(_account, ++_version, [Current(_productionKey, _production), Current(_stagingKey, _staging)]);
        _verifier = new ApiKeyVerifier(_index);
    }

    [Fact]
    public void Verify_CurrentKey_ResolvesToItsEnvironmentAndAccount()
    {
        // R27
        var result = _verifier.Verify(_productionKey.Reveal(), Now);

        Assert.True(result.Succeeded);
        Assert.Equal(new VerifiedApiKey(_account, _production, IsPreviousKey: false), result.Value);
    }

    [Fact]
    public void Verify_KeyOfAnotherEnvironment_ResolvesToThatEnvironmentOnly()
    {
        // R24: each environment has its own key.
        Assert.Equal(_staging, _verifier.Verify(_stagingKey.Reveal(), Now).Value.Environment);
        Assert.NotEqual(_production, _verifier.Verify(_stagingKey.Reveal(), Now).Value.Environment);
    }

    [Fact]
    public void Verify_Malformed_RefusedAsMalformed()
    {
        // R27: distinct reason, stable code.
        var result = _verifier.Verify("sk_live_not_one_of_ours", Now);

        var error = Assert.IsType<MalformedApiKey>(result.Error);
        Assert.Equal("api_key.malformed", error.Code);
        Assert.Same(MalformedApiKey.Instance, error);
    }

    [Fact]
    public void Verify_Empty_RefusedAsMalformed()
    {
        Assert.IsType<MalformedApiKey>(_verifier.Verify(ReadOnlySpan<char>.Empty, Now).Error);
        Assert.IsType<MalformedApiKey>(_verifier.Verify((string?)null, Now).Error);
    }

    [Fact]
    public void Verify_MistypedKey_RefusedAsChecksumMismatch()
    {
        // R25, R27: caught by the checksum, no lookup.
        var mistyped = Mistype(_productionKey.Reveal(), position: 12);

        var result = _verifier.Verify(mistyped, Now);

        var error = Assert.IsType<ApiKeyChecksumMismatch>(result.Error);
        Assert.Equal("api_key.checksum_mismatch", error.Code);
        Assert.Same(ApiKeyChecksumMismatch.Instance, error);
    }

    [Fact]
    public void Verify_WellFormedKeyNobodyHas_RefusedAsUnknown()
    {
        // R27
        var stranger = ApiKey.Issue(new SeededSecretGenerator(12345)).Reveal();

        var result = _verifier.Verify(stranger, Now);

        var error = Assert.IsType<UnknownApiKey>(result.Error);
        Assert.Equal("api_key.unknown", error.Code);
        Assert.Same(UnknownApiKey.Instance, error);
    }

    [Fact]
    public void Verify_PreviousKeyBeforeDeadline_VerifiesAsPreviousKey()
    {
        // R26
        var deadline = Now + Duration.FromHours(24);
        RotateProduction(deadline);

        var result = _verifier.Verify(_productionKey.Reveal(), Now);

        Assert.Equal(new VerifiedApiKey(_account, _production, IsPreviousKey: true), result.Value);
    }

    [Fact]
    public void Verify_PreviousKeyOneNanosecondBeforeDeadline_Verifies()
    {
        // R26: accepted strictly before the deadline.
        var deadline = Now + Duration.FromHours(1);
        RotateProduction(deadline);

        Assert.True(_verifier.Verify(_productionKey.Reveal(), deadline - Duration.Epsilon).Succeeded);
    }

    [Fact]
    public void Verify_PreviousKeyAtDeadline_RefusedAsExpired()
    {
        // R26: the deadline instant itself is expired ("until now >= its deadline").
        var deadline = Now + Duration.FromHours(1);
        RotateProduction(deadline);

        var result = _verifier.Verify(_productionKey.Reveal(), deadline);

        var error = Assert.IsType<ExpiredApiKey>(result.Error);
        Assert.Equal("api_key.expired", error.Code);
        Assert.Equal(deadline, error.ExpiredAt);
    }

    [Fact]
    public void Verify_PreviousKeyWithZeroGrace_RefusedAtOnce()
    {
        // R26: a zero grace period revokes the previous key immediately.
        RotateProduction(deadline: Now);

        Assert.IsType<ExpiredApiKey>(_verifier.Verify(_productionKey.Reveal(), Now).Error);
    }

    [Fact]
    public void Verify_NewKeyAfterRotation_VerifiesAsCurrent()
    {
        var newKey = RotateProduction(Now + Duration.FromHours(1));

        Assert.Equal(new VerifiedApiKey(_account, _production, IsPreviousKey: false), _verifier.Verify(newKey.Reveal(), Now).Value);
    }

    [Fact]
    public void Verify_KeyDroppedFromTheAccount_RefusedAsUnknown()
    {
        // R26, R6: a revoked key (left out of the account's keys) stops working at once.
        _index.ReplaceAccountKeys(_account, ++_version, [Current(_stagingKey, _staging)]);

        Assert.IsType<UnknownApiKey>(_verifier.Verify(_productionKey.Reveal(), Now).Error);
        Assert.True(_verifier.Verify(_stagingKey.Reveal(), Now).Succeeded);
    }

    [Fact]
    public void Verify_AccountRemoved_AllItsKeysUnknown()
    {
        _index.RemoveAccount(_account);

        Assert.IsType<UnknownApiKey>(_verifier.Verify(_productionKey.Reveal(), Now).Error);
        Assert.IsType<UnknownApiKey>(_verifier.Verify(_stagingKey.Reveal(), Now).Error);
    }

    [Fact]
    public void Verify_IndexReturnsAnotherHash_RefusedAsUnknown()
    {
        // R27: the hashes are compared (in constant time) even after the lookup found an entry.
        var stranger = ApiKey.Issue(new SeededSecretGenerator(777));
        var verifier = new ApiKeyVerifier(new AlwaysFindsIndex(Current(_productionKey, _production)));

        Assert.IsType<UnknownApiKey>(verifier.Verify(stranger.Reveal(), Now).Error);
        Assert.True(verifier.Verify(_productionKey.Reveal(), Now).Succeeded);
    }

    [Fact]
    public void Verify_Success_RecordsLastUse()
    {
        _verifier.Verify(_productionKey.Reveal(), Now);

        Assert.True(_index.TryGetLastUsed(_productionKey.Hash, out var lastUsed));
        Assert.Equal(Now, lastUsed);
        Assert.False(_index.TryGetLastUsed(_stagingKey.Hash, out _));
    }

    [Fact]
    public void Verify_Refused_RecordsNoUse()
    {
        RotateProduction(deadline: Now);

        _verifier.Verify(_productionKey.Reveal(), Now);

        Assert.False(_index.TryGetLastUsed(_productionKey.Hash, out _));
    }

    [Fact]
    public void Verify_AnyOutcomeAfterWarmUp_AllocatesNothingExceptExpired()
    {
        // DESIGN.md §6: 0 B per verification (the expired refusal carries its deadline).
        var valid = _productionKey.Reveal();
        var malformed = "flk_short";
        var mistyped = Mistype(valid, position: 20);
        var unknown = ApiKey.Issue(new SeededSecretGenerator(4242)).Reveal();
        for (var i = 0; i < 100; i++) VerifyAll();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++) VerifyAll();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);

        void VerifyAll()
        {
            _verifier.Verify(valid, Now);
            _verifier.Verify(malformed, Now);
            _verifier.Verify(mistyped, Now);
            _verifier.Verify(unknown, Now);
        }
    }

    [Fact]
    public void Refusals_Messages_NeverContainTheKey()
    {
        var plaintext = _productionKey.Reveal();
        RotateProduction(deadline: Now);
        var refusals = new DomainError[]
        {
            Assert.IsType<MalformedApiKey>(_verifier.Verify(plaintext.AsSpan(0, 31), Now).Error),
            Assert.IsType<ApiKeyChecksumMismatch>(_verifier.Verify(Mistype(plaintext, 30), Now).Error),
            Assert.IsType<UnknownApiKey>(_verifier.Verify(ApiKey.Issue(new SeededSecretGenerator(1)).Reveal(), Now).Error),
            Assert.IsType<ExpiredApiKey>(_verifier.Verify(plaintext, Now).Error),
        };

        Assert.All(refusals, r => Assert.DoesNotContain(plaintext[4..], r.Message + r + r.Code, StringComparison.Ordinal));
        Assert.Equal(["api_key.malformed", "api_key.checksum_mismatch", "api_key.unknown", "api_key.expired"], refusals.Select(r => r.Code));
    }

    [Fact]
    public void Constructor_NullIndex_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new ApiKeyVerifier(null!));
    }

    private ApiKey RotateProduction(Instant deadline)
    {
        var newKey = ApiKey.Issue(_random);
        _index.ReplaceAccountKeys(_account, ++_version,
        [
            Current(newKey, _production),
            new ApiKeyIndexEntry(_productionKey.Hash, _account, _production, deadline),
            Current(_stagingKey, _staging),
        ]);
        return newKey;
    }

    private ApiKeyIndexEntry Current(ApiKey key, EnvironmentId environment) => new(key.Hash, _account, environment, ValidUntil: null);

    private static string Mistype(string key, int position) =>
        string.Concat(key.AsSpan(0, position), key[position] == 'q' ? "r" : "q", key.AsSpan(position + 1));

    /// <summary>A broken adapter that answers every lookup with the same entry.</summary>
    private sealed class AlwaysFindsIndex(ApiKeyIndexEntry entry) : IApiKeyIndex
    {
        public bool TryFind(in SecretHash hash, [MaybeNullWhen(false)] out ApiKeyIndexEntry found)
        {
            found = entry;
            return true;
        }

        public bool ReplaceAccountKeys(AccountId account, long version, IEnumerable<ApiKeyIndexEntry> entries) => throw new NotSupportedException();

        public void RemoveAccount(AccountId account) => throw new NotSupportedException();
    }
}
