using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Application;

/// <summary>What happens after the aggregate ran: save, then index, mail and events; or nothing at all.</summary>
public class AfterSaveTests
{
    [Fact]
    public async Task DeleteEnvironment_Saved_TheHandlerGetsEnvironmentDeletedAfterTheSave_R6()
    {
        ServiceHarness? harness = null;
        var observer = new StoreObservingEventHandler(() => harness?.Store.SnapshotOf(ServiceHarness.AccountId));
        harness = await ServiceHarness.OpenAsync(handlers: [observer]);
        var staging = await harness.CreateEnvironmentAsync("staging");

        _ = (await harness.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment, "staging")).Value;

        var (deleted, storedThen) = Assert.Single(observer.Seen, seen => seen.Event is EnvironmentDeleted);
        Assert.Equal(staging.Environment, ((EnvironmentDeleted)deleted).Environment);
        Assert.NotNull(storedThen);
        Assert.DoesNotContain(storedThen.Environments, e => e.Id == staging.Environment); // saved before the host heard of it
        Assert.Equal(harness.StoredVersion, storedThen.Version);
    }

    [Fact]
    public async Task RemoveMember_Saved_TheHandlerGetsMemberRemovedAfterTheSave_R17()
    {
        ServiceHarness? harness = null;
        var observer = new StoreObservingEventHandler(() => harness?.Store.SnapshotOf(ServiceHarness.AccountId));
        harness = await ServiceHarness.OpenAsync(handlers: [observer]);
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        _ = (await harness.Service.RemoveMemberAsync(ServiceHarness.AccountId, ServiceHarness.Admin, mia)).Value;

        var (removed, storedThen) = Assert.Single(observer.Seen, seen => seen.Event is MemberRemoved);
        Assert.Equal(mia, ((MemberRemoved)removed).User);
        Assert.NotNull(storedThen);
        Assert.DoesNotContain(storedThen.Members, m => m.UserId == mia);
    }

    [Fact]
    public async Task Handlers_SeveralRegistered_EachGetsEveryEventOnceInOrder()
    {
        var second = new StoreObservingEventHandler(() => null);
        var harness = await ServiceHarness.OpenAsync(handlers: [second]);
        await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);

        Assert.Equal(harness.Events.Events, second.Seen.Select(s => s.Event));
        Assert.Equal(
            [typeof(AccountOpened), typeof(EnvironmentCreated), typeof(InvitationSent), typeof(InvitationAccepted), typeof(MemberJoined)],
            harness.Events.Events.Select(e => e.GetType()));
    }

    public static TheoryData<string> Refusals => [.. RefusedCalls.Keys];

    // Each call breaks one rule against the account set up in RefusedOperation_…; the aggregate refuses it.
    private static readonly Dictionary<string, Func<ServiceHarness, Setup, Task<DomainError?>>> RefusedCalls = new()
    {
        ["create: name taken"] = async (h, _) => (await h.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "Staging", 0)).Error,
        ["create: over the plan"] = async (h, _) => (await h.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "new", 41)).Error,
        ["create: by a member"] = async (h, s) => (await h.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, s.Member, "new", 0)).Error,
        ["edit: invalid name"] = async (h, s) => (await h.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, s.Staging, " ", null)).Error,
        ["hide: unknown environment"] = async (h, _) => (await h.Service.HideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, new EnvironmentId(Guid.NewGuid()))).Error,
        ["delete: not confirmed"] = async (h, s) => (await h.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, s.Staging, "default")).Error,
        ["rotate: by a member"] = async (h, s) => (await h.Service.RotateApiKeyAsync(ServiceHarness.AccountId, s.Member, s.Staging, Duration.Zero)).Error,
        ["reallocate: over the plan"] = async (h, s) => (await h.Service.ReallocateAsync(ServiceHarness.AccountId, ServiceHarness.Admin, new Dictionary<EnvironmentId, int> { [s.Staging] = 1 })).Error,
        ["plan: negative"] = async (h, _) => (await h.Service.ChangePlanLimitAsync(ServiceHarness.AccountId, ServiceHarness.Admin, -1)).Error,
        ["rebalance: stale"] = async (h, _) => (await h.Service.ApplyRebalanceAsync(ServiceHarness.AccountId, ServiceHarness.Admin, new RebalanceProposal(0, 40, []))).Error,
        ["invite: already a member"] = async (h, _) => (await h.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "MIA@example.com", Role.Admin)).Error,
        ["invite: already open"] = async (h, _) => (await h.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member)).Error,
        ["resend: by a member"] = async (h, s) => (await h.Service.ResendInvitationAsync(ServiceHarness.AccountId, s.Member, s.Invitation)).Error,
        ["renew: pending"] = async (h, s) => (await h.Service.RenewInvitationAsync(ServiceHarness.AccountId, ServiceHarness.Admin, s.Invitation)).Error,
        ["revoke: unknown"] = async (h, _) => (await h.Service.RevokeInvitationAsync(ServiceHarness.AccountId, ServiceHarness.Admin, new InvitationId(Guid.NewGuid()))).Error,
        ["accept: wrong token"] = async (h, _) => (await h.Service.AcceptInvitationAsync(ServiceHarness.AccountId, new UserId(Guid.NewGuid()), "Bob", "bob@example.com", "not-the-token")).Error,
        ["role: own"] = async (h, _) => (await h.Service.ChangeRoleAsync(ServiceHarness.AccountId, ServiceHarness.Admin, ServiceHarness.Admin, Role.Member)).Error,
        ["remove: by a member"] = async (h, s) => (await h.Service.RemoveMemberAsync(ServiceHarness.AccountId, s.Member, ServiceHarness.Admin)).Error,
        ["leave: last admin"] = async (h, _) => (await h.Service.LeaveAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Error,
        ["validity: too long"] = async (h, _) => (await h.Service.SetInvitationValidityAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Duration.FromDays(31))).Error,
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task RefusedOperation_AnyRule_SavesNothingMailsNothingAndDispatchesNothing(string refusal)
    {
        var (harness, setup) = await SetUpAsync();
        var before = harness.Stored;
        var saves = harness.Saves.Saved;
        var events = harness.Events.Events.Count;
        var mails = harness.Outbox.Outbox.Count;
        var keys = harness.ApiKeys.Count;
        var audited = harness.AuditTrail.Count;

        var error = await RefusedCalls[refusal](harness, setup);

        Assert.NotNull(error);
        Assert.Equal(before, harness.Stored);
        Assert.Equal(saves, harness.Saves.Saved);
        Assert.Equal(events, harness.Events.Events.Count);
        Assert.Equal(mails, harness.Outbox.Outbox.Count);
        Assert.Equal(keys, harness.ApiKeys.Count);
        Assert.Equal(audited, harness.AuditTrail.Count); // nothing changed, nothing to audit (R28)
    }

    public static TheoryData<string> NoOps => [.. NoOpCalls.Keys];

    // Each call asks for what already is; it succeeds without changing anything.
    private static readonly Dictionary<string, Func<ServiceHarness, Setup, Task<DomainError?>>> NoOpCalls = new()
    {
        ["edit: same name and limit"] = async (h, s) => (await h.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, s.Staging, "Staging", 0)).Error,
        ["edit: nothing given"] = async (h, s) => (await h.Service.EditEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, s.Staging, null, null)).Error,
        ["hide: already hidden"] = async (h, s) => (await h.Service.HideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, s.Hidden)).Error,
        ["unhide: already visible"] = async (h, s) => (await h.Service.UnhideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, s.Staging)).Error,
        ["reallocate: same limits"] = async (h, s) => (await h.Service.ReallocateAsync(ServiceHarness.AccountId, ServiceHarness.Admin, new Dictionary<EnvironmentId, int> { [s.Staging] = 0 })).Error,
        ["plan: same limit"] = async (h, _) => (await h.Service.ChangePlanLimitAsync(ServiceHarness.AccountId, ServiceHarness.Admin, 40)).Error,
        ["role: same role"] = async (h, s) => (await h.Service.ChangeRoleAsync(ServiceHarness.AccountId, ServiceHarness.Admin, s.Member, Role.Member)).Error,
        ["validity: same"] = async (h, _) => (await h.Service.SetInvitationValidityAsync(ServiceHarness.AccountId, ServiceHarness.Admin, Duration.FromDays(7))).Error,
        ["rebalance: fits already"] = async (h, _) =>
        {
            var proposal = (await h.Service.ProposeRebalanceAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value;
            return (await h.Service.ApplyRebalanceAsync(ServiceHarness.AccountId, ServiceHarness.Admin, proposal)).Error;
        },
    };

    [Theory]
    [MemberData(nameof(NoOps))]
    public async Task NoOpOperation_NothingToChange_SucceedsWithoutSavingOrBumpingTheVersion(string noOp)
    {
        var (harness, setup) = await SetUpAsync();
        var before = harness.Stored;
        var saves = harness.Saves.Saved;
        var events = harness.Events.Events.Count;
        var audited = harness.AuditTrail.Count;

        var error = await NoOpCalls[noOp](harness, setup);

        Assert.Null(error);
        Assert.Equal(before, harness.Stored);
        Assert.Equal(saves, harness.Saves.Saved);
        Assert.Equal(events, harness.Events.Events.Count);
        Assert.Equal(audited, harness.AuditTrail.Count);
    }

    public sealed record Setup(EnvironmentId Staging, EnvironmentId Hidden, UserId Member, InvitationId Invitation);

    // P = 40 all in default; "Staging" (0) and "hidden" (0, hidden); Mia a Member; Bob invited.
    private static async Task<(ServiceHarness, Setup)> SetUpAsync()
    {
        var harness = await ServiceHarness.OpenAsync(planLimit: 40);
        var staging = await harness.CreateEnvironmentAsync("Staging");
        var hidden = await harness.CreateEnvironmentAsync("hidden");
        _ = (await harness.Service.HideEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, hidden.Environment)).Value;
        var mia = await harness.JoinAsync("Mia Member", "mia@example.com", Role.Member);
        var bob = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member)).Value;
        return (harness, new Setup(staging.Environment, hidden.Environment, mia, bob.Invitation));
    }

    [Fact]
    public async Task SetUp_LeavesTheAccountAtTheExpectedVersion()
    {
        // Guards the theories above: every setup step was one saved change.
        var (harness, _) = await SetUpAsync();

        Assert.Equal(6, harness.StoredVersion);
        Assert.Equal(6, harness.Saves.Saved);
    }
}
