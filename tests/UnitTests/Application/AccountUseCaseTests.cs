using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.InMemory;
using Fluents.Settings.Members;
using NodaTime.Testing;

namespace Fluents.Settings.UnitTests.Application;

public class AccountUseCaseTests
{
    private static readonly AccountId Unknown = new(Guid.Parse("0196f000-0000-7000-8000-00000000dead"));

    [Fact]
    public async Task OpenAccount_NewId_StoresVersionZeroWithDefaultEnvironmentAndIndexesItsKey_R7()
    {
        var harness = await ServiceHarness.OpenAsync(planLimit: 40);

        var stored = harness.Stored;
        Assert.Equal(0, stored.Version);
        Assert.Equal(40, stored.PlanLimit);
        var environment = Assert.Single(stored.Environments);
        Assert.Equal("default", environment.Name);
        Assert.Equal(40, environment.MaxConcurrentCalls);
        Assert.False(environment.Hidden);
        var admin = Assert.Single(stored.Members);
        Assert.Equal(Role.Admin, admin.Role);
        Assert.Equal(new VerifiedApiKey(ServiceHarness.AccountId, harness.DefaultEnvironment, false), harness.Service.VerifyApiKey(harness.DefaultKey.Reveal()).Value);
        Assert.Collection(harness.Events.Events, e => Assert.IsType<AccountOpened>(e), e => Assert.IsType<EnvironmentCreated>(e));
    }

    [Fact]
    public async Task OpenAccount_NoIdGiven_StoresUnderANewId()
    {
        var harness = ServiceHarness.Create();

        var opened = (await harness.Service.OpenAccountAsync(10, ServiceHarness.Admin, "Ada", "ada@example.com")).Value;

        Assert.NotEqual(default, opened.Account.Id);
        Assert.NotNull(harness.Store.SnapshotOf(opened.Account.Id));
    }

    [Fact]
    public async Task OpenAccount_IdTaken_IsRefusedAndTheStoredAccountIsUntouched()
    {
        var harness = await ServiceHarness.OpenAsync();
        var before = harness.Stored;
        var eventsBefore = harness.Events.Events.Count;

        var result = await harness.Service.OpenAccountAsync(99, new UserId(Guid.NewGuid()), "Eve", "eve@example.com", ServiceHarness.AccountId);

        Assert.Equal(new AccountAlreadyExists(ServiceHarness.AccountId), Assert.IsType<AccountAlreadyExists>(result.Error));
        Assert.Equal(before, harness.Stored);
        Assert.Equal(eventsBefore, harness.Events.Events.Count);
        Assert.Equal(1, harness.ApiKeys.Count); // the refused account's key was never indexed
    }

    [Fact]
    public async Task OpenAccount_InvalidEmail_IsRefusedAndNothingIsStored()
    {
        var harness = ServiceHarness.Create();

        var result = await harness.Service.OpenAccountAsync(10, ServiceHarness.Admin, "Ada", "not-an-email", ServiceHarness.AccountId);

        Assert.IsType<InvalidEmailAddress>(result.Error);
        Assert.Equal(0, harness.Store.Count);
        Assert.Empty(harness.Events.Events);
        Assert.Equal(0, harness.ApiKeys.Count);
    }

    [Fact]
    public async Task FindAccount_Stored_ReturnsAFreshInstanceAtTheStoredVersion()
    {
        var harness = await ServiceHarness.OpenAsync();
        await harness.CreateEnvironmentAsync("staging");

        var account = (await harness.Service.FindAccountAsync(ServiceHarness.AccountId)).Value;

        Assert.Equal(1, account.Version);
        Assert.Equal(harness.Stored, account.ToSnapshot());
        Assert.Equal(new AccountNotFound(Unknown), (await harness.Service.FindAccountAsync(Unknown)).Error);
    }

    [Fact]
    public async Task InMemorySettings_Create_WiresEveryAdapterToTheService()
    {
        var settings = InMemorySettings.Create(new FakeClock(TestAccounts.Now), new SeededSecretGenerator(3));

        var opened = (await settings.Service.OpenAccountAsync(10, ServiceHarness.Admin, "Ada", "ada@example.com", ServiceHarness.AccountId)).Value;
        _ = (await settings.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member)).Value;

        Assert.Equal(1, settings.Accounts.Count);
        Assert.Single(settings.Mailer.Outbox);
        Assert.Contains(settings.Events.Events, e => e is InvitationSent);
        Assert.True(settings.Service.VerifyApiKey(opened.DefaultEnvironmentKey.Reveal()).Succeeded);
        Assert.Equal(1, settings.ApiKeys.Count);
    }

    public static TheoryData<string> UseCases => [.. UseCaseCalls.Keys];

    // Every use case that takes an account id, called for an account that is not stored.
    private static readonly Dictionary<string, Func<SettingsService, EnvironmentId, Task<DomainError?>>> UseCaseCalls = new()
    {
        ["ListEnvironments"] = async (s, _) => (await s.ListEnvironmentsAsync(Unknown, ServiceHarness.Admin)).Error,
        ["ListEnvironmentSelector"] = async (s, _) => (await s.ListEnvironmentSelectorAsync(Unknown, ServiceHarness.Admin)).Error,
        ["CreateEnvironment"] = async (s, _) => (await s.CreateEnvironmentAsync(Unknown, ServiceHarness.Admin, "staging", 0)).Error,
        ["EditEnvironment"] = async (s, e) => (await s.EditEnvironmentAsync(Unknown, ServiceHarness.Admin, e, "renamed", null)).Error,
        ["HideEnvironment"] = async (s, e) => (await s.HideEnvironmentAsync(Unknown, ServiceHarness.Admin, e)).Error,
        ["UnhideEnvironment"] = async (s, e) => (await s.UnhideEnvironmentAsync(Unknown, ServiceHarness.Admin, e)).Error,
        ["DeleteEnvironment"] = async (s, e) => (await s.DeleteEnvironmentAsync(Unknown, ServiceHarness.Admin, e, "default")).Error,
        ["RotateApiKey"] = async (s, e) => (await s.RotateApiKeyAsync(Unknown, ServiceHarness.Admin, e, Duration.Zero)).Error,
        ["Reallocate"] = async (s, e) => (await s.ReallocateAsync(Unknown, ServiceHarness.Admin, new Dictionary<EnvironmentId, int> { [e] = 1 })).Error,
        ["ChangePlanLimit"] = async (s, _) => (await s.ChangePlanLimitAsync(Unknown, ServiceHarness.Admin, 5)).Error,
        ["ProposeRebalance"] = async (s, _) => (await s.ProposeRebalanceAsync(Unknown, ServiceHarness.Admin)).Error,
        ["ApplyRebalance"] = async (s, _) => (await s.ApplyRebalanceAsync(Unknown, ServiceHarness.Admin, new RebalanceProposal(0, 0, []))).Error,
        ["ListUsers"] = async (s, _) => (await s.ListUsersAsync(Unknown, ServiceHarness.Admin)).Error,
        ["ListPendingInvitations"] = async (s, _) => (await s.ListPendingInvitationsAsync(Unknown, ServiceHarness.Admin)).Error,
        ["Invite"] = async (s, _) => (await s.InviteAsync(Unknown, ServiceHarness.Admin, "bob@example.com", Role.Member)).Error,
        ["ResendInvitation"] = async (s, _) => (await s.ResendInvitationAsync(Unknown, ServiceHarness.Admin, new InvitationId(Guid.NewGuid()))).Error,
        ["RenewInvitation"] = async (s, _) => (await s.RenewInvitationAsync(Unknown, ServiceHarness.Admin, new InvitationId(Guid.NewGuid()))).Error,
        ["RevokeInvitation"] = async (s, _) => (await s.RevokeInvitationAsync(Unknown, ServiceHarness.Admin, new InvitationId(Guid.NewGuid()))).Error,
        ["AcceptInvitation"] = async (s, _) => (await s.AcceptInvitationAsync(Unknown, new UserId(Guid.NewGuid()), "Bob", "bob@example.com", "token")).Error,
        ["ChangeRole"] = async (s, _) => (await s.ChangeRoleAsync(Unknown, ServiceHarness.Admin, new UserId(Guid.NewGuid()), Role.Admin)).Error,
        ["RemoveMember"] = async (s, _) => (await s.RemoveMemberAsync(Unknown, ServiceHarness.Admin, new UserId(Guid.NewGuid()))).Error,
        ["Leave"] = async (s, _) => (await s.LeaveAsync(Unknown, ServiceHarness.Admin)).Error,
        ["SetInvitationValidity"] = async (s, _) => (await s.SetInvitationValidityAsync(Unknown, ServiceHarness.Admin, Duration.FromDays(3))).Error,
        ["ListAuditTrail"] = async (s, _) => (await s.ListAuditTrailAsync(Unknown, ServiceHarness.Admin)).Error,
    };

    [Theory]
    [MemberData(nameof(UseCases))]
    public async Task UseCase_AccountNotStored_ReturnsAccountNotFoundAndStoresNothing(string useCase)
    {
        var harness = await ServiceHarness.OpenAsync();
        var before = harness.Stored;

        var error = await UseCaseCalls[useCase](harness.Service, harness.DefaultEnvironment);

        var notFound = Assert.IsType<AccountNotFound>(error);
        Assert.Equal(Unknown, notFound.Account);
        Assert.Equal("account.not_found", notFound.Code);
        Assert.Equal(1, harness.Store.Count);
        Assert.Equal(before, harness.Stored);
        Assert.Equal(0, harness.Saves.Saved);
        Assert.Empty(harness.Outbox.Outbox);
    }

    [Fact]
    public void UseCases_CoverEveryPublicAccountMethodOfTheService()
    {
        // A new use case must be added to the AccountNotFound theory above.
        var methods = typeof(SettingsService).GetMethods()
            .Where(m => m.DeclaringType == typeof(SettingsService) && m.GetParameters().FirstOrDefault()?.ParameterType == typeof(AccountId))
            .Where(m => m.Name != nameof(SettingsService.FindAccountAsync))
            .Select(m => m.Name.Replace("Async", "", StringComparison.Ordinal))
            .Order();

        Assert.Equal(UseCaseCalls.Keys.Order(), methods);
    }
}
