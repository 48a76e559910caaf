using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.InMemory;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.ApiKeys;

/// <summary>
/// The API keys as the <see cref="Account"/> aggregate issues, rotates and drops them (R24–R27), checked
/// end to end through <see cref="InMemoryApiKeyIndex"/> and <see cref="ApiKeyVerifier"/> the way a host
/// wires them: after each change the account's entries replace the index's. The key primitives have
/// their own tests beside this file. Split by concern: issuing (this file), rotation, verification,
/// snapshots.
/// </summary>
public partial class AccountApiKeyTests
{
    private static readonly Instant Now = TestAccounts.Now;
    private static readonly UserId Admin = TestAccounts.Admin;
    private static readonly UserId MemberUser = new(Guid.Parse("0196f000-0000-7000-8000-0000000000b1"));

    private readonly SeededSecretGenerator _random = new(2026);
    private readonly InMemoryApiKeyIndex _index = new();
    private readonly ApiKeyVerifier _verifier;
    private readonly OpenedAccount _opened;

    public AccountApiKeyTests()
    {
        _opened = TestAccounts.Open(planLimit: 40, random: new SeededSecretGenerator(4));
        _verifier = new ApiKeyVerifier(_index);
    }

    private Account Account => _opened.Account;

    private EnvironmentId Default => _opened.DefaultEnvironment;

    private ApiKey DefaultKey => _opened.DefaultEnvironmentKey;

    [Fact]
    public void Open_DefaultEnvironment_IssuesAKeyThatVerifiesToThisAccountAndDefault_R24()
    {
        var result = Verify(DefaultKey, Now);

        Assert.Equal(new VerifiedApiKey(Account.Id, Default, IsPreviousKey: false), result.Value);
        Assert.Equal("default", Account.FindEnvironment(Default)!.Name.Value);
    }

    [Fact]
    public void Open_DefaultEnvironmentKey_IsInTheKeyFormat_R25()
    {
        Assert.Equal(ApiKeyParseResult.Valid, ApiKeyFormat.TryParse(DefaultKey.Reveal(), out var hash));
        Assert.Equal(DefaultKey.Hash, hash);
        Assert.Matches($"^{ApiKeyFormat.ScannerPattern}$", DefaultKey.Reveal());
    }

    [Fact]
    public void Open_Account_IndexesExactlyOneCurrentKey_R24()
    {
        var entry = Assert.Single(Account.ApiKeyIndexEntries());

        Assert.Equal(new ApiKeyIndexEntry(DefaultKey.Hash, Account.Id, Default, null), entry);
    }

    [Fact]
    public void CreateEnvironment_ByAdmin_IssuesItsOwnKeyThatVerifiesToIt_R24()
    {
        var created = CreateEnvironment("staging");

        var result = Verify(created.ApiKey, Now);

        Assert.Equal(new VerifiedApiKey(Account.Id, created.Environment, IsPreviousKey: false), result.Value);
        Assert.NotEqual(DefaultKey.Reveal(), created.ApiKey.Reveal());
        Assert.NotEqual(DefaultKey.Hash, created.ApiKey.Hash);
    }

    [Fact]
    public void CreateEnvironment_Refused_IssuesNoKey_R24()
    {
        var before = Account.ApiKeyIndexEntries().ToArray();

        var result = Account.CreateEnvironment(Admin, "DEFAULT", 0, Now, _random); // R2: the name is taken, ignoring case

        Assert.IsType<EnvironmentNameTaken>(result.Error);
        Assert.Equal(before, Account.ApiKeyIndexEntries());
    }

    [Fact]
    public void CreateEnvironment_ByMember_RefusedNotPermittedAndIssuesNoKey_R3()
    {
        AddMember();
        var before = Account.ToSnapshot();

        var result = Account.CreateEnvironment(MemberUser, "staging", 0, Now, _random);

        var denied = Assert.IsType<NotPermitted>(result.Error);
        Assert.Equal(Role.Member, denied.ActorRole);
        Assert.Equal(before, Account.ToSnapshot());
        Assert.Single(Account.ApiKeyIndexEntries());
    }

    [Fact]
    public void ViewEnvironments_ApiKeyColumn_ShowsPrefixEllipsisAndLastFourOfEachKey_R25()
    {
        var created = CreateEnvironment("staging");

        var rows = Account.ViewEnvironments(Admin).Value.Rows;

        Assert.Equal($"flk_\u2026{DefaultKey.Reveal()[^4..]}", rows.Single(r => r.Id == Default).ApiKey);
        Assert.Equal($"flk_\u2026{created.ApiKey.Reveal()[^4..]}", rows.Single(r => r.Id == created.Environment).ApiKey);
    }

    [Fact]
    public void ViewEnvironments_ApiKeyColumn_NeverHoldsTheKey_R25()
    {
        var created = CreateEnvironment("staging");

        var rendered = string.Join("\n", Account.ViewEnvironments(Admin).Value.Rows);

        Assert.DoesNotContain(DefaultKey.Reveal(), rendered, StringComparison.Ordinal);
        Assert.DoesNotContain(created.ApiKey.Reveal(), rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void ViewEnvironments_ByMember_ShowsTheSameMaskedKeys_R14()
    {
        AddMember();

        var rows = Account.ViewEnvironments(MemberUser).Value.Rows;

        Assert.Equal(DefaultKey.Hint.Masked, Assert.Single(rows).ApiKey);
    }

    [Fact]
    public void Environment_ApiKeyHint_IsTheIssuedKeysHint_R25()
    {
        Assert.Equal(DefaultKey.Hint, Account.FindEnvironment(Default)!.ApiKeyHint);
        Assert.Null(Account.FindEnvironment(Default)!.PreviousApiKeyValidUntil);
    }

    /// <summary>Refreshes the index from the account, as the application layer does after a save, then verifies.</summary>
    private ApiKeyVerification Verify(ApiKey key, Instant at)
    {
        RefreshIndex();
        return _verifier.Verify(key.Reveal(), at);
    }

    private void RefreshIndex() => _index.ReplaceAccountKeys(Account.Id, Account.Version, Account.ApiKeyIndexEntries());

    private CreatedEnvironment CreateEnvironment(string name) =>
        Account.CreateEnvironment(Admin, name, 0, Now, _random).Value;

    private RotatedApiKey Rotate(EnvironmentId environment, Duration grace, Instant at) =>
        Account.RotateApiKey(Admin, environment, grace, at, _random).Value;

    /// <summary>Invites and accepts <see cref="MemberUser"/> with the Member role (R15: may view, change nothing).</summary>
    private void AddMember()
    {
        var issued = Account.Invite(Admin, "mo@example.com", Role.Member, Now, _random).Value;
        _ = Account.AcceptInvitation(MemberUser, "Mo Member", "mo@example.com", issued.Token, Now).Value;
    }
}
