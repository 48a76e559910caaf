using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.ApiKeys;

/// <summary>The verifier's answer read by name (R27): the common path, every case by name, and nothing allocated to read it.</summary>
public class ApiKeyVerificationTests
{
    private static readonly VerifiedApiKey Key = new(
        new AccountId(Guid.Parse("0196f000-0000-7000-8000-00000000a001")), new EnvironmentId(Guid.Parse("0196f000-0000-7000-8000-0000000e0001")), IsPreviousKey: false);

    public static TheoryData<string> Cases => ["verified", "malformed", "checksumMismatch", "unknown", "expired"];

    [Fact]
    public void Verified_GivesTheKeyByName()
    {
        ApiKeyVerification verification = Key;

        Assert.True(verification.Succeeded);
        Assert.Equal(Key, verification.Value);
        Assert.Null(verification.Error);
        Assert.True(verification.TryGetValue(out var key, out var refusal));
        Assert.Equal(Key, key);
        Assert.Null(refusal);
    }

    [Fact]
    public void Refused_GivesTheRefusalAndValueThrowsNamingItsCode()
    {
        ApiKeyVerification verification = UnknownApiKey.Instance;

        Assert.False(verification.Succeeded);
        Assert.Same(UnknownApiKey.Instance, verification.Error);
        Assert.False(verification.TryGetValue(out var key, out var refusal));
        Assert.Equal(default, key);
        Assert.Same(UnknownApiKey.Instance, refusal);
        Assert.Contains("api_key.unknown", Assert.Throws<InvalidOperationException>(() => verification.Value).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Match_EachCase_CallsTheFunctionNamedAfterIt(string expected)
    {
        var verification = Verification(expected);

        var matched = verification.Match(
            verified: _ => "verified",
            malformed: _ => "malformed",
            checksumMismatch: _ => "checksumMismatch",
            unknown: _ => "unknown",
            expired: _ => "expired");

        Assert.Equal(expected, matched);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Switch_EachCase_RunsTheActionNamedAfterIt(string expected)
    {
        var verification = Verification(expected);
        var ran = new List<string>();

        verification.Switch(
            verified: _ => ran.Add("verified"),
            malformed: _ => ran.Add("malformed"),
            checksumMismatch: _ => ran.Add("checksumMismatch"),
            unknown: _ => ran.Add("unknown"),
            expired: _ => ran.Add("expired"));

        Assert.Equal([expected], ran);
    }

    [Fact]
    public void Default_IsNeitherVerifiedNorARefusal_AndFailsClosed()
    {
        var verification = default(ApiKeyVerification);

        Assert.False(verification.Succeeded);
        Assert.Throws<InvalidOperationException>(() => verification.Value);
        Assert.Throws<InvalidOperationException>(() => verification.Error);
        Assert.Throws<InvalidOperationException>(() => verification.TryGetValue(out _, out _));
        Assert.Throws<InvalidOperationException>(() => verification.Match(_ => 0, _ => 0, _ => 0, _ => 0, _ => 0));
    }

    [Fact]
    public void ToString_NamesTheEnvironmentOrTheRefusalsCode()
    {
        Assert.StartsWith("verified: VerifiedApiKey {", ((ApiKeyVerification)Key).ToString(), StringComparison.Ordinal);
        Assert.Equal("refused: api_key.expired", ((ApiKeyVerification)new ExpiredApiKey(TestAccounts.Now)).ToString());
    }

    [Fact]
    public void Reading_AnyCaseByName_AllocatesNothing()
    {
        // DESIGN.md §6: verification stays 0 B, and so does reading its answer.
        var answers = new[] { "verified", "malformed", "checksumMismatch", "unknown", "expired" }.Select(Verification).ToArray();
        for (var i = 0; i < 100; i++) ReadAll();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = 0;
        for (var i = 0; i < 1_000; i++) read += ReadAll();

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(read > 0);

        int ReadAll()
        {
            var sum = 0;
            foreach (var answer in answers)
            {
                if (answer.TryGetValue(out _, out var refusal)) sum++;
                else sum += refusal.Code.Length;
                sum += answer.Match(verified: static _ => 1, malformed: static _ => 2, checksumMismatch: static _ => 3, unknown: static _ => 4, expired: static _ => 5);
            }
            return sum;
        }
    }

    private static ApiKeyVerification Verification(string @case) => @case switch
    {
        "verified" => Key,
        "malformed" => MalformedApiKey.Instance,
        "checksumMismatch" => ApiKeyChecksumMismatch.Instance,
        "unknown" => UnknownApiKey.Instance,
        _ => new ExpiredApiKey(TestAccounts.Now),
    };
}
