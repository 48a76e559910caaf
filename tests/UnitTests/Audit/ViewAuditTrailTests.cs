using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Audit;
using Fluents.Settings.Members;
using Fluents.Settings.UnitTests.Actors;

namespace Fluents.Settings.UnitTests.Audit;

/// <summary>
/// The account decides who may read its audit trail and what they asked for (R15, R28): Admins and system actors given
/// <see cref="Permission.ViewAuditTrail"/>, not Members; a cursor is this account's, whole, or a typed refusal.
/// </summary>
public class ViewAuditTrailTests
{
    private static readonly AccountId OtherAccount = new(Guid.Parse("0196f000-0000-7000-8000-00000000a0ff"));

    [Fact]
    public void ViewAuditTrail_ByTheAdmin_IsTheQueryOfThisAccountsFirstPage_R28()
    {
        var scene = Scene.Create();
        var filter = new AuditFilter { Environment = scene["B"], Actor = SystemActor.Billing.ActorId };

        var query = scene.Account.ViewAuditTrail(TestAccounts.Admin, filter, pageSize: 20).Value;

        Assert.Equal((TestAccounts.AccountId, filter, 20, (AuditCursor?)null), (query.Account, query.Filter, query.PageSize, query.After));
    }

    [Fact]
    public void ViewAuditTrail_ByAMember_IsNotPermitted_R15_R28()
    {
        var scene = Scene.Create();

        var refusal = scene.Account.ViewAuditTrail(Scene.Bob, AuditFilter.None).Error;

        Assert.Equal(new NotPermitted(Scene.Bob, Permission.ViewAuditTrail, Role.Member), refusal);
    }

    [Fact]
    public void ViewAuditTrail_ByAStrangerOrBilling_IsNotPermitted_R15_R29()
    {
        var scene = Scene.Create();

        Assert.Equal(new NotPermitted(TestAccounts.Stranger, Permission.ViewAuditTrail, null), scene.Account.ViewAuditTrail(TestAccounts.Stranger, AuditFilter.None).Error);
        Assert.Equal(new NotPermitted(SystemActor.Billing, Permission.ViewAuditTrail, null), scene.Account.ViewAuditTrail(SystemActor.Billing, AuditFilter.None).Error);
    }

    [Fact]
    public void ViewAuditTrail_ByAnAutomationGivenThePermission_IsAllowed_R29()
    {
        var exporter = SystemActor.Automation("siem-export", "SIEM export", Permission.ViewAuditTrail);

        Assert.True(Scene.Create().Account.ViewAuditTrail(exporter, AuditFilter.None).Succeeded);
    }

    [Fact]
    public void ViewAuditTrail_WithTheCursorOfAPage_ResumesAfterIt_R28()
    {
        var scene = Scene.Create();
        var cursor = new AuditCursor(TestAccounts.AccountId, 7, 1);

        var query = scene.Account.ViewAuditTrail(TestAccounts.Admin, AuditFilter.None, cursor.ToString()).Value;

        Assert.Equal(cursor, query.After);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ViewAuditTrail_WithoutACursor_IsTheFirstPage(string? cursor)
    {
        Assert.Null(Scene.Create().Account.ViewAuditTrail(TestAccounts.Admin, AuditFilter.None, cursor).Value.After);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AQGW8AAAAABwAIAAAAAAoAEAAAAAAAAAAAAAAAAAAAAA")]
    public void ViewAuditTrail_MalformedCursor_IsATypedRefusal_R28(string cursor)
    {
        var scene = Scene.Create();
        var tampered = new AuditCursor(TestAccounts.AccountId, 3, 0).ToString();
        tampered = tampered[..10] + (tampered[10] == 'A' ? 'B' : 'A') + tampered[11..];

        Assert.Equal(new InvalidAuditCursor(InvalidAuditCursorReason.Malformed), scene.Account.ViewAuditTrail(TestAccounts.Admin, AuditFilter.None, cursor).Error);
        var refusal = scene.Account.ViewAuditTrail(TestAccounts.Admin, AuditFilter.None, tampered).Error;
        Assert.Equal(new InvalidAuditCursor(InvalidAuditCursorReason.Malformed), refusal);
        Assert.Equal("audit.invalid_cursor", refusal!.Code);
    }

    [Fact]
    public void ViewAuditTrail_AnotherAccountsCursor_IsATypedRefusal_R28()
    {
        var foreign = new AuditCursor(OtherAccount, 3, 0).ToString();

        var refusal = Scene.Create().Account.ViewAuditTrail(TestAccounts.Admin, AuditFilter.None, foreign).Error;

        Assert.Equal(new InvalidAuditCursor(InvalidAuditCursorReason.AnotherAccount), refusal);
        Assert.Contains("another account", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ViewAuditTrail_ByAMemberWithABadCursor_IsRefusedForThePermissionFirst_R15()
    {
        Assert.IsType<NotPermitted>(Scene.Create().Account.ViewAuditTrail(Scene.Bob, AuditFilter.None, "garbage").Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(AuditQuery.DefaultPageSize)]
    [InlineData(AuditQuery.MaxPageSize)]
    public void ViewAuditTrail_PageSizeWithinBounds_IsTaken(int pageSize)
    {
        Assert.Equal(pageSize, Scene.Create().Account.ViewAuditTrail(TestAccounts.Admin, AuditFilter.None, pageSize: pageSize).Value.PageSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(AuditQuery.MaxPageSize + 1)]
    public void ViewAuditTrail_PageSizeOutOfBounds_IsAProgrammingError(int pageSize)
    {
        var account = Scene.Create().Account;

        Assert.Throws<ArgumentOutOfRangeException>(() => account.ViewAuditTrail(TestAccounts.Admin, AuditFilter.None, pageSize: pageSize));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AuditQuery(TestAccounts.AccountId, AuditFilter.None, pageSize));
    }

    [Fact]
    public void ViewAuditTrail_ATimeRangeThatEndsBeforeItStarts_IsAProgrammingError()
    {
        var backwards = new AuditFilter { From = Scene.Later, To = Scene.Now };

        Assert.Throws<ArgumentException>(() => Scene.Create().Account.ViewAuditTrail(TestAccounts.Admin, backwards));
        Assert.Throws<ArgumentException>(() => new AuditQuery(TestAccounts.AccountId, backwards));
        Assert.True(Scene.Create().Account.ViewAuditTrail(TestAccounts.Admin, new AuditFilter { From = Scene.Now, To = Scene.Now }).Succeeded);
    }

    [Fact]
    public void AuditQuery_AnotherAccountsCursorOrDefaultIds_AreProgrammingErrors()
    {
        Assert.Throws<ArgumentException>(() => new AuditQuery(TestAccounts.AccountId, AuditFilter.None, after: new AuditCursor(OtherAccount, 1, 0)));
        Assert.Throws<ArgumentException>(() => new AuditQuery(default, AuditFilter.None));
        Assert.Throws<ArgumentException>(() => new AuditFilter { Environment = default(Fluents.Settings.Environments.EnvironmentId) });
        Assert.Throws<ArgumentException>(() => new AuditFilter { Actor = default(ActorId) });
    }

    [Fact]
    public void ViewAuditTrail_ChangesNothing()
    {
        var scene = Scene.Create();
        var before = scene.Account.ToSnapshot();

        _ = scene.Account.ViewAuditTrail(TestAccounts.Admin, AuditFilter.None).Value;

        Assert.Equal(before, scene.Account.ToSnapshot());
        Assert.Empty(scene.Account.PendingEvents);
    }
}
