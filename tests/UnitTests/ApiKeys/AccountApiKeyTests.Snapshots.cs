using System.Text.Json;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.InMemory;
using Fluents.Settings.Environments;

namespace Fluents.Settings.UnitTests.ApiKeys;

public partial class AccountApiKeyTests
{
    [Fact]
    public void FromSnapshot_RoundTrip_KeysKeepVerifyingWithTheirDeadlines_R24()
    {
        var staging = CreateEnvironment("staging");
        var rotated = Rotate(staging.Environment, OneDay, Now);
        var index = new InMemoryApiKeyIndex();
        var verifier = new ApiKeyVerifier(index);

        var loaded = Account.FromSnapshot(Account.ToSnapshot()).Value;
        index.ReplaceAccountKeys(loaded.Id, loaded.Version, loaded.ApiKeyIndexEntries());

        Assert.Equal(Account.ApiKeyIndexEntries().ToHashSet(), loaded.ApiKeyIndexEntries().ToHashSet());
        Assert.Equal(new VerifiedApiKey(loaded.Id, Default, false), verifier.Verify(DefaultKey.Reveal(), Now).Value);
        Assert.Equal(new VerifiedApiKey(loaded.Id, staging.Environment, false), verifier.Verify(rotated.ApiKey.Reveal(), Now).Value);
        Assert.Equal(new VerifiedApiKey(loaded.Id, staging.Environment, true), verifier.Verify(staging.ApiKey.Reveal(), Now).Value);
        Assert.Equal(new ExpiredApiKey(Now + OneDay), Assert.IsType<ExpiredApiKey>(verifier.Verify(staging.ApiKey.Reveal(), Now + OneDay).Error));
    }

    [Fact]
    public void FromSnapshot_RoundTrip_KeepsTheMaskedKeys_R25()
    {
        var staging = CreateEnvironment("staging");
        Rotate(staging.Environment, OneDay, Now);

        var loaded = Account.FromSnapshot(Account.ToSnapshot()).Value;

        Assert.Equal(Account.ViewEnvironments(Admin).Value.Rows, loaded.ViewEnvironments(Admin).Value.Rows);
        Assert.Equal(Account.ToSnapshot(), loaded.ToSnapshot());
    }

    [Fact]
    public void ToSnapshot_Keys_StoredAsSha256HexAndHint_R25()
    {
        var staging = CreateEnvironment("staging");
        var rotated = Rotate(staging.Environment, OneDay, Now);

        var stored = Account.ToSnapshot().Environments.Single(e => e.Id == staging.Environment);

        Assert.Equal(new ApiKeySnapshot(rotated.ApiKey.Hash.ToHex(), rotated.ApiKey.Hint.Masked, Now, null), stored.ApiKey);
        Assert.Equal(new ApiKeySnapshot(staging.ApiKey.Hash.ToHex(), staging.ApiKey.Hint.Masked, Now, Now + OneDay), stored.PreviousApiKey);
    }

    [Fact]
    public void ToSnapshot_RenderedAsTextOrJson_ContainsNoKey_R25()
    {
        var staging = CreateEnvironment("staging");
        var rotated = Rotate(staging.Environment, OneDay, Now);
        var snapshot = Account.ToSnapshot();

        var rendered = string.Join(
            "\n",
            [
                snapshot.ToString(),
                JsonSerializer.Serialize(snapshot),
                .. snapshot.Environments.Select(e => e.ToString()),
                .. snapshot.Environments.Select(e => e.ApiKey.ToString()),
                .. snapshot.Environments.Select(e => e.PreviousApiKey?.ToString()),
            ]);

        foreach (var key in new[] { DefaultKey, staging.ApiKey, rotated.ApiKey })
        {
            Assert.DoesNotContain(key.Reveal(), rendered, StringComparison.Ordinal);
            Assert.DoesNotContain(key.Reveal()[ApiKeyFormat.Prefix.Length..^4], rendered, StringComparison.Ordinal); // nor its random body
        }
    }

    [Fact]
    public void FromSnapshot_PlaintextKeyStoredAsTheHint_Refused_R25()
    {
        // An adapter that stored the key instead of its hint is caught on load.
        var snapshot = WithDefaultKey(Account.ToSnapshot(), key => key with { Hint = DefaultKey.Reveal() });

        var result = Account.FromSnapshot(snapshot);

        Assert.Contains("hint", Assert.IsType<InvalidAccountSnapshot>(result.Error).Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(DefaultKey.Reveal(), Assert.IsType<InvalidAccountSnapshot>(result.Error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSnapshot_KeyHashNotSha256Hex_Refused_R25()
    {
        var snapshot = WithDefaultKey(Account.ToSnapshot(), key => key with { Sha256 = DefaultKey.Reveal() });

        var result = Account.FromSnapshot(snapshot);

        var error = Assert.IsType<InvalidAccountSnapshot>(result.Error);
        Assert.DoesNotContain(DefaultKey.Reveal(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSnapshot_CurrentKeyWithADeadline_Refused_R24()
    {
        var snapshot = WithDefaultKey(Account.ToSnapshot(), key => key with { ValidUntil = Now });

        Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(snapshot).Error);
    }

    [Fact]
    public void FromSnapshot_PreviousKeyWithoutADeadline_Refused_R26()
    {
        Rotate(Default, OneDay, Now);
        var snapshot = Account.ToSnapshot();
        var environment = snapshot.Environments[0];
        var corrupt = snapshot with { Environments = [environment with { PreviousApiKey = environment.PreviousApiKey! with { ValidUntil = null } }] };

        Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(corrupt).Error);
    }

    [Fact]
    public void FromSnapshot_TwoEnvironmentsWithTheSameKeyHash_Refused_R24()
    {
        // Each environment has its own key: a shared hash could not resolve to one environment (R27).
        CreateEnvironment("staging");
        var snapshot = Account.ToSnapshot();
        var corrupt = snapshot with { Environments = [snapshot.Environments[0], snapshot.Environments[1] with { ApiKey = snapshot.Environments[0].ApiKey }] };

        var result = Account.FromSnapshot(corrupt);

        Assert.IsType<InvalidAccountSnapshot>(result.Error);
    }

    [Fact]
    public void FromSnapshot_PreviousKeyEqualToTheCurrentKey_Refused_R24()
    {
        Rotate(Default, OneDay, Now);
        var snapshot = Account.ToSnapshot();
        var environment = snapshot.Environments[0];
        var corrupt = snapshot with { Environments = [environment with { PreviousApiKey = environment.ApiKey with { ValidUntil = Now + OneDay } }] };

        var result = Account.FromSnapshot(corrupt);

        Assert.IsType<InvalidAccountSnapshot>(result.Error);
    }

    private static AccountSnapshot WithDefaultKey(AccountSnapshot snapshot, Func<ApiKeySnapshot, ApiKeySnapshot> change)
    {
        var environment = snapshot.Environments[0];
        return snapshot with { Environments = [environment with { ApiKey = change(environment.ApiKey) }] };
    }
}
