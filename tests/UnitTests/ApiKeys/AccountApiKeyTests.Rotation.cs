using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.ApiKeys;

public partial class AccountApiKeyTests
{
    private static readonly Duration OneDay = Duration.FromDays(1);

    [Fact]
    public void RotateApiKey_ByMember_RefusedNotPermittedAndNothingChanged_R3()
    {
        AddMember();
        var before = Account.ToSnapshot();
        var events = Account.PendingEvents.Count;

        var result = Account.RotateApiKey(MemberUser, Default, OneDay, Now, _random);

        var denied = Assert.IsType<NotPermitted>(result.Error);
        Assert.Equal(Role.Member, denied.ActorRole);
        Assert.Equal(Permission.ManageApiKeys, denied.Required);
        AssertUnchanged(before, events);
    }

    [Fact]
    public void RotateApiKey_ByStranger_RefusedNotPermittedAndNothingChanged_R15()
    {
        var before = Account.ToSnapshot();
        var events = Account.PendingEvents.Count;

        var result = Account.RotateApiKey(TestAccounts.Stranger, Default, OneDay, Now, _random);

        var denied = Assert.IsType<NotPermitted>(result.Error);
        Assert.Null(denied.ActorRole);
        AssertUnchanged(before, events);
    }

    [Theory]
    [InlineData(-1L)]                           // one nanosecond below zero
    [InlineData(-86_400_000_000_000L)]          // minus one day
    [InlineData(604_800_000_000_001L)]          // 7 days and one nanosecond
    [InlineData(691_200_000_000_000L)]          // 8 days
    public void RotateApiKey_GracePeriodOutsideZeroToSevenDays_RefusedInvalidGracePeriodAndNothingChanged_R26(long graceNanoseconds)
    {
        var grace = Duration.FromNanoseconds(graceNanoseconds);
        var before = Account.ToSnapshot();
        var events = Account.PendingEvents.Count;

        var result = Account.RotateApiKey(Admin, Default, grace, Now, _random);

        var invalid = Assert.IsType<InvalidGracePeriod>(result.Error);
        Assert.Equal(grace, invalid.Requested);
        Assert.Equal(Duration.FromDays(7), invalid.Maximum);
        Assert.Equal("api_key.invalid_grace_period", invalid.Code);
        AssertUnchanged(before, events);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(604_800_000_000_000L)] // exactly 7 days, the maximum
    public void RotateApiKey_GracePeriodAtABound_Accepted_R26(long graceNanoseconds)
    {
        var grace = Duration.FromNanoseconds(graceNanoseconds);

        var rotated = Rotate(Default, grace, Now);

        Assert.Equal(Now + grace, rotated.PreviousKeyValidUntil);
        Assert.Equal(Account.MaxApiKeyGracePeriod, Duration.FromDays(7));
    }

    [Fact]
    public void RotateApiKey_UnknownEnvironment_RefusedEnvironmentNotFound()
    {
        var missing = new EnvironmentId(Guid.Parse("0196f000-0000-7000-8000-00000000dead"));

        var result = Account.RotateApiKey(Admin, missing, OneDay, Now, _random);

        Assert.Equal(missing, Assert.IsType<EnvironmentNotFound>(result.Error).Environment);
    }

    [Fact]
    public void RotateApiKey_NewKey_VerifiesAsTheCurrentKey_R24()
    {
        var rotated = Rotate(Default, OneDay, Now);

        var result = Verify(rotated.ApiKey, Now + Duration.FromDays(30));

        Assert.Equal(new VerifiedApiKey(Account.Id, Default, IsPreviousKey: false), result.Value);
        Assert.NotEqual(DefaultKey.Reveal(), rotated.ApiKey.Reveal());
        Assert.Equal(Default, rotated.Environment);
    }

    [Fact]
    public void RotateApiKey_WithGrace_OldKeyVerifiesAsPreviousStrictlyBeforeTheDeadline_R26()
    {
        var rotated = Rotate(Default, OneDay, Now);

        var atRotation = Verify(DefaultKey, Now);
        var lastInstant = Verify(DefaultKey, rotated.PreviousKeyValidUntil - Duration.Epsilon);

        Assert.Equal(new VerifiedApiKey(Account.Id, Default, IsPreviousKey: true), atRotation.Value);
        Assert.Equal(new VerifiedApiKey(Account.Id, Default, IsPreviousKey: true), lastInstant.Value);
    }

    [Fact]
    public void RotateApiKey_WithGrace_OldKeyRefusedAsExpiredFromTheDeadlineOn_R26()
    {
        var rotated = Rotate(Default, OneDay, Now);

        var atDeadline = Verify(DefaultKey, Now + OneDay);
        var afterDeadline = Verify(DefaultKey, Now + OneDay + Duration.Epsilon);

        Assert.Equal(Now + OneDay, rotated.PreviousKeyValidUntil);
        Assert.Equal(new ExpiredApiKey(Now + OneDay), Assert.IsType<ExpiredApiKey>(atDeadline.Error));
        Assert.Equal(new ExpiredApiKey(Now + OneDay), Assert.IsType<ExpiredApiKey>(afterDeadline.Error));
    }

    [Fact]
    public void RotateApiKey_ZeroGrace_OldKeyRefusedAtOnceAsUnknown_R26()
    {
        var rotated = Rotate(Default, Duration.Zero, Now);

        // A zero-grace rotation is a revocation: the old key is unknown, as revoked keys are, never "expired at …".
        Assert.Equal(Now, rotated.PreviousKeyValidUntil);
        Assert.IsType<UnknownApiKey>(Verify(DefaultKey, Now).Error);
        Assert.IsType<UnknownApiKey>(Verify(DefaultKey, Now + OneDay).Error);
        Assert.True(Verify(rotated.ApiKey, Now).Succeeded);
        Assert.Null(Account.FindEnvironment(Default)!.PreviousApiKeyValidUntil);
        Assert.Single(Account.ApiKeyIndexEntries(), entry => entry.Environment == Default);
    }

    [Fact]
    public void RotateApiKey_ZeroGraceDuringAnotherGrace_EndsBothOldKeysAsUnknown_R24_R26()
    {
        var first = Rotate(Default, OneDay, Now);
        var second = Rotate(Default, Duration.Zero, Now + Duration.FromHours(1));

        Assert.IsType<UnknownApiKey>(Verify(DefaultKey, Now + Duration.FromHours(1)).Error);
        Assert.IsType<UnknownApiKey>(Verify(first.ApiKey, Now + Duration.FromHours(1)).Error);
        Assert.True(Verify(second.ApiKey, Now + Duration.FromHours(1)).Succeeded);
    }

    [Fact]
    public void RotateApiKey_AgainDuringGrace_EndsTheOlderPreviousKeyAtOnce_R24()
    {
        var first = Rotate(Default, OneDay, Now);
        var secondAt = Now + Duration.FromHours(1); // the first grace period still runs
        var second = Rotate(Default, OneDay, secondAt);

        var original = Verify(DefaultKey, secondAt);
        var previous = Verify(first.ApiKey, secondAt);
        var current = Verify(second.ApiKey, secondAt);

        Assert.IsType<UnknownApiKey>(original.Error); // not kept at all: at most one previous key
        Assert.Equal(new VerifiedApiKey(Account.Id, Default, IsPreviousKey: true), previous.Value);
        Assert.Equal(new VerifiedApiKey(Account.Id, Default, IsPreviousKey: false), current.Value);
        Assert.Equal(secondAt + OneDay, Account.FindEnvironment(Default)!.PreviousApiKeyValidUntil);
        Assert.Equal(2, Account.ApiKeyIndexEntries().Count());
    }

    [Fact]
    public void RotateApiKey_AgainAfterZeroGrace_PreviousKeyIsTheOneJustReplaced_R24()
    {
        var first = Rotate(Default, Duration.Zero, Now);
        var second = Rotate(Default, OneDay, Now);

        Assert.IsType<UnknownApiKey>(Verify(DefaultKey, Now).Error);
        Assert.True(Verify(first.ApiKey, Now).Value.IsPreviousKey);
        Assert.False(Verify(second.ApiKey, Now).Value.IsPreviousKey);
    }

    [Fact]
    public void RotateApiKey_Accepted_OneVersionAndAnEventWithTheMaskedKeyOnly_R26()
    {
        var version = Account.Version;
        var previousHint = Account.FindEnvironment(Default)!.ApiKeyHint.Masked;
        Account.TakeEvents();

        var rotated = Rotate(Default, OneDay, Now);

        Assert.Equal(version + 1, Account.Version);
        var rotatedEvent = Assert.IsType<ApiKeyRotated>(Assert.Single(Account.TakeEvents()));
        Assert.Equal(new ApiKeyRotated(Account.Id, Now, Default, "default", previousHint, rotated.ApiKey.Hint.Masked, Now + OneDay).ByAdmin(Account), rotatedEvent);
    }

    [Fact]
    public void RotateApiKey_Accepted_TableShowsTheNewMaskedKeyAndTheGraceDeadline_R25()
    {
        var rotated = Rotate(Default, OneDay, Now);

        var row = Assert.Single(Account.ViewEnvironments(Admin).Value.Rows);

        Assert.Equal($"flk_\u2026{rotated.ApiKey.Reveal()[^4..]}", row.ApiKey);
        Assert.Equal(Now + OneDay, row.PreviousApiKeyValidUntil);
    }

    [Fact]
    public void RotateApiKey_OneEnvironment_LeavesTheOthersKeysAlone_R24()
    {
        var staging = CreateEnvironment("staging");

        Rotate(Default, Duration.Zero, Now);

        Assert.Equal(new VerifiedApiKey(Account.Id, staging.Environment, IsPreviousKey: false), Verify(staging.ApiKey, Now).Value);
        Assert.Null(Account.FindEnvironment(staging.Environment)!.PreviousApiKeyValidUntil);
    }

    private void AssertUnchanged(AccountSnapshot before, int events)
    {
        Assert.Equal(before, Account.ToSnapshot());
        Assert.Equal(events, Account.PendingEvents.Count);
        Assert.Equal(new VerifiedApiKey(Account.Id, Default, IsPreviousKey: false), Verify(DefaultKey, Now).Value);
        Assert.Single(Account.ApiKeyIndexEntries());
    }
}
