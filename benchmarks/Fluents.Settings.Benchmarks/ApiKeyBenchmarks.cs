using BenchmarkDotNet.Attributes;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.InMemory;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.Benchmarks;

/// <summary>
/// API key verification against one SHA-256 of the same key (DESIGN.md §6: verify ≤ 2× the
/// baseline, 0 B). The index holds 3,000 keys of 1,000 accounts, so the lookup is a real one.
/// </summary>
[MemoryDiagnoser]
public class ApiKeyBenchmarks
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 1, 12, 0);

    private ApiKeyVerifier _verifier = null!;
    private string _currentKey = null!;
    private string _previousKey = null!;
    private string _malformedKey = null!;
    private string _mistypedKey = null!;
    private string _unknownKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = CryptographicSecretGenerator.Instance;
        var index = new InMemoryApiKeyIndex();
        for (var i = 0; i < 1_000; i++)
        {
            var account = AccountId.New(Now, random);
            var production = EnvironmentId.New(Now, random);
            var staging = EnvironmentId.New(Now, random);
            var current = ApiKey.Issue(random);
            var previous = ApiKey.Issue(random);
            index.ReplaceAccountKeys(account, version: 1,
            [
                new ApiKeyIndexEntry(current.Hash, account, production, null),
                new ApiKeyIndexEntry(previous.Hash, account, production, Now + Duration.FromDays(1)),
                new ApiKeyIndexEntry(ApiKey.Issue(random).Hash, account, staging, null),
            ]);
            _currentKey = current.Reveal();
            _previousKey = previous.Reveal();
        }

        _verifier = new ApiKeyVerifier(index);
        _malformedKey = "sk_live_0123456789abcdefghijklmn";
        _mistypedKey = string.Concat(_currentKey.AsSpan(0, 12), _currentKey[12] == 'x' ? "y" : "x", _currentKey.AsSpan(13));
        _unknownKey = ApiKey.Issue(random).Reveal();
    }

    [Benchmark(Baseline = true)]
    public SecretHash Sha256OfKey() => SecretHash.Of(_currentKey);

    [Benchmark]
    public ApiKeyVerification VerifyCurrentKey() => _verifier.Verify(_currentKey, Now);

    [Benchmark]
    public ApiKeyVerification VerifyPreviousKey() => _verifier.Verify(_previousKey, Now);

    [Benchmark]
    public ApiKeyVerification RejectMalformedKey() => _verifier.Verify(_malformedKey, Now);

    [Benchmark]
    public ApiKeyVerification RejectMistypedKey() => _verifier.Verify(_mistypedKey, Now);

    [Benchmark]
    public ApiKeyVerification RejectUnknownKey() => _verifier.Verify(_unknownKey, Now);

    [Benchmark]
    public ApiKey IssueKey() => ApiKey.Issue(CryptographicSecretGenerator.Instance);
}
