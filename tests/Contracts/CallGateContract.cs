using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.InMemory;

namespace Fluents.Settings.Contracts;

/// <summary>
/// What every <see cref="ICallGate"/> must do (R13, R30), in process or across hosts: both limits checked and taken
/// together, typed refusals with the headroom, exactly-once admission by lease id and exactly-once release, versioned live
/// limits that never cut a call, limits loaded on first use, and no glue after a saved change. An adapter's tests derive
/// from this class and say how to create a gate; every test uses accounts of its own, so gates over a shared store may run
/// them in parallel.
/// </summary>
public abstract class CallGateContract
{
    /// <summary>A new gate; <paramref name="loadLimits"/> loads the limits of accounts it holds none for.</summary>
    protected abstract ICallGate CreateGate(GateLimitsLoader? loadLimits = null);

    [ContractFact]
    public async Task TryAdmit_BelowBothLimits_AdmitsAndCountsTheCall()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 3, production: 5);

        var admission = await gate.TryAdmitAsync(account, staging);

        Assert.True(admission.TryGetValue(out var lease, out var refusal));
        Assert.Null(refusal);
        Assert.Equal((account, staging), (lease.Account, lease.Environment));
        Assert.NotEqual(default, lease.Id);
        Assert.Equal(new CallHeadroom(1, 3, 1, 10), await gate.GetHeadroomAsync(account, staging));
    }

    [ContractFact]
    public async Task TryAdmit_EnvironmentFull_IsEnvironmentAtCapacityWithTheHeadroom_R13()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 2, production: 5);
        await AdmitAsync(gate, account, staging, 2);

        var refused = AssertRefused<EnvironmentAtCapacity>(await gate.TryAdmitAsync(account, staging));

        Assert.Equal(staging, refused.Environment);
        Assert.Equal(new CallHeadroom(2, 2, 2, 10), refused.Headroom);
        Assert.Equal("concurrency.environment_at_capacity", refused.Code);
        Assert.Equal(0, refused.Headroom.Remaining);
    }

    [ContractFact]
    public async Task TryAdmit_PlanFullWhileTheEnvironmentHasRoom_IsPlanAtCapacity_R13()
    {
        // Over-allocated (R12): 3 + 3 over a plan of 4.
        var (gate, account, staging, production) = await GateWithTwoEnvironmentsAsync(plan: 4, staging: 3, production: 3);
        await AdmitAsync(gate, account, staging, 3);
        await AdmitAsync(gate, account, production, 1);

        var refused = AssertRefused<PlanAtCapacity>(await gate.TryAdmitAsync(account, production));

        Assert.Equal(new CallHeadroom(1, 3, 4, 4), refused.Headroom);
        Assert.Equal("concurrency.plan_at_capacity", refused.Code);
    }

    [ContractFact]
    public async Task TryAdmit_PausedEnvironment_IsEnvironmentAtCapacity_R9()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 0, production: 5);

        var refused = AssertRefused<EnvironmentAtCapacity>(await gate.TryAdmitAsync(account, staging));

        Assert.Equal(new CallHeadroom(0, 0, 0, 10), refused.Headroom);
    }

    [ContractFact]
    public async Task TryAdmit_EnvironmentNotInTheAllocation_IsUnknownEnvironment()
    {
        var (gate, account, _, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 3, production: 5);
        var stranger = NewEnvironment();

        var refused = AssertRefused<UnknownEnvironment>(await gate.TryAdmitAsync(account, stranger));

        Assert.False(refused.WasDeleted);
        Assert.Equal(stranger, refused.Environment);
        Assert.Null(await gate.GetHeadroomAsync(account, stranger));
    }

    [ContractFact]
    public async Task TryAdmit_AccountWithNoLimitsAndNoLoader_IsUnknownEnvironment()
    {
        var gate = CreateGate();

        var refused = AssertRefused<UnknownEnvironment>(await gate.TryAdmitAsync(NewAccount(), NewEnvironment()));

        Assert.False(refused.WasDeleted);
        Assert.Equal(default, refused.Headroom);
    }

    [ContractFact]
    public async Task TryAdmit_AccountWithNoLimitsHeld_LoadsThemOnceThenAdmits_R30()
    {
        var account = NewAccount();
        var staging = NewEnvironment();
        var loads = 0;
        var gate = CreateGate((id, _) =>
        {
            Interlocked.Increment(ref loads);
            return ValueTask.FromResult<GateLimits?>(id == account ? new GateLimits(3, Allocation(5, (staging, 2))) : null);
        });

        Assert.True((await gate.TryAdmitAsync(account, staging)).IsAdmitted);
        Assert.True((await gate.TryAdmitAsync(account, staging)).IsAdmitted);
        AssertRefused<EnvironmentAtCapacity>(await gate.TryAdmitAsync(account, staging));

        Assert.Equal(1, loads);
        Assert.False(await gate.ApplyAsync(account, 3, Allocation(5, (staging, 4)))); // the loaded version is held
    }

    [ContractFact]
    public async Task TryAdmit_LoaderKnowsNoSuchAccount_IsUnknownEnvironment()
    {
        var gate = CreateGate((_, _) => ValueTask.FromResult<GateLimits?>(null));

        var refused = AssertRefused<UnknownEnvironment>(await gate.TryAdmitAsync(NewAccount(), NewEnvironment()));

        Assert.False(refused.WasDeleted);
    }

    [ContractFact]
    public async Task Release_Twice_FreesThePlacesOnce_R13()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 1, production: 5);
        var lease = Admitted(await gate.TryAdmitAsync(account, staging));

        Assert.True(await lease.ReleaseAsync());
        Assert.False(await lease.ReleaseAsync()); // a duplicate hang-up webhook frees nothing

        Assert.Equal(new CallHeadroom(0, 1, 0, 10), await gate.GetHeadroomAsync(account, staging));
        var next = Admitted(await gate.TryAdmitAsync(account, staging));
        Assert.False(await lease.ReleaseAsync()); // still nothing, now that another call holds the place
        Assert.Equal(new CallHeadroom(1, 1, 1, 10), await gate.GetHeadroomAsync(account, staging));
        Assert.True(await next.ReleaseAsync());
    }

    [ContractFact]
    public async Task Release_ACopyAfterTheOriginal_FreesNothing_R13()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 2, production: 5);
        var lease = Admitted(await gate.TryAdmitAsync(account, staging));
        var copy = lease;

        Assert.True(await copy.ReleaseAsync());
        Assert.False(await lease.ReleaseAsync());
        Assert.Equal(lease, copy);
    }

    [ContractFact]
    public async Task Release_Default_IsFalse()
    {
        var gate = CreateGate();

        Assert.False(await default(CallLease).ReleaseAsync());
        Assert.False(await gate.ReleaseAsync(default));
        Assert.False(default(CallLease).IsAdmitted);
    }

    [ContractFact]
    public async Task TryAdmit_RetriedWithTheSameLeaseId_CountsOnce_R30()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 2, production: 5);
        var id = CallLeaseId.New();

        var first = Admitted(await gate.TryAdmitAsync(account, staging, id));
        var retried = Admitted(await gate.TryAdmitAsync(account, staging, id)); // say, after a timeout

        Assert.Equal(id, first.Id);
        Assert.Equal(first, retried);
        Assert.Equal(new CallHeadroom(1, 2, 1, 10), await gate.GetHeadroomAsync(account, staging));
        Assert.True(await retried.ReleaseAsync());
        Assert.False(await first.ReleaseAsync());
        Assert.Equal(new CallHeadroom(0, 2, 0, 10), await gate.GetHeadroomAsync(account, staging));
    }

    [ContractFact]
    public async Task TryAdmit_RetriedWhileTheEnvironmentIsFull_AnswersAdmittedWithTheSameLease_R30()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 1, production: 5);
        var id = CallLeaseId.New();
        var first = Admitted(await gate.TryAdmitAsync(account, staging, id));

        var retried = Admitted(await gate.TryAdmitAsync(account, staging, id)); // the place it holds is its own

        Assert.Equal(first.Id, retried.Id);
        AssertRefused<EnvironmentAtCapacity>(await gate.TryAdmitAsync(account, staging));
    }

    [ContractFact]
    public async Task TryAdmit_ManyRetriesOfOneLeaseIdAtOnce_CountOnce_R30()
    {
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 5, production: 5);
        var id = CallLeaseId.New();

        var admissions = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => gate.TryAdmitAsync(account, staging, id).AsTask()));

        Assert.All(admissions, admission => Assert.Equal(id, Admitted(admission).Id));
        Assert.Equal(new CallHeadroom(1, 5, 1, 10), await gate.GetHeadroomAsync(account, staging));
        Assert.Single(await Task.WhenAll(admissions.Select(a => Admitted(a).ReleaseAsync().AsTask())), freed => freed);
    }

    [ContractFact]
    public async Task Release_ALeaseRebuiltFromTheIdsItWasAdmittedWith_FreesItOnce()
    {
        // The host that receives the hang-up webhook may not be the one that admitted the call.
        var (gate, account, staging, _) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 2, production: 5);
        var id = CallLeaseId.New();
        Admitted(await gate.TryAdmitAsync(account, staging, id));

        var rebuilt = new CallLease(gate, account, staging, id);

        Assert.True(await rebuilt.ReleaseAsync());
        Assert.False(await rebuilt.ReleaseAsync());
        Assert.Equal(new CallHeadroom(0, 2, 0, 10), await gate.GetHeadroomAsync(account, staging));
    }

    [ContractFact]
    public async Task Release_ALeaseRebuiltWithAnotherEnvironmentOrAccount_FreesNothing_AndTheCallKeepsItsPlace()
    {
        // A lease id is not a capability on its own: another environment's (or account's) key must not end this call.
        var (gate, account, staging, production) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 2, production: 5);
        var id = CallLeaseId.New();
        Admitted(await gate.TryAdmitAsync(account, staging, id));

        Assert.False(await new CallLease(gate, account, production, id).ReleaseAsync());
        Assert.False(await new CallLease(gate, NewAccount(), staging, id).ReleaseAsync());

        Assert.Equal(new CallHeadroom(1, 2, 1, 10), await gate.GetHeadroomAsync(account, staging));
        Assert.True(await new CallLease(gate, account, staging, id).ReleaseAsync());
        Assert.Equal(new CallHeadroom(0, 2, 0, 10), await gate.GetHeadroomAsync(account, staging));
    }

    [ContractFact]
    public async Task Apply_OlderVersionAfterANewerOne_IsIgnored_R30()
    {
        var account = NewAccount();
        var staging = NewEnvironment();
        var gate = CreateGate();

        Assert.True(await gate.ApplyAsync(account, 5, Allocation(10, (staging, 1))));
        Assert.False(await gate.ApplyAsync(account, 4, Allocation(10, (staging, 8)))); // v4 arrives late
        Assert.False(await gate.ApplyAsync(account, 5, Allocation(10, (staging, 8)))); // and v5 twice

        Assert.True((await gate.TryAdmitAsync(account, staging)).IsAdmitted);
        AssertRefused<EnvironmentAtCapacity>(await gate.TryAdmitAsync(account, staging));
        Assert.True(await gate.ApplyAsync(account, 6, Allocation(10, (staging, 2))));
        Assert.True((await gate.TryAdmitAsync(account, staging)).IsAdmitted);
    }

    [ContractFact]
    public async Task Apply_LimitLoweredBelowTheCallsInFlight_CutsNoCallAndRefusesUntilBelow_R13()
    {
        var (gate, account, staging, production) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 4, production: 5);
        var leases = await AdmitAsync(gate, account, staging, 4);

        Assert.True(await gate.ApplyAsync(account, 2, Allocation(10, (staging, 2), (production, 5))));

        Assert.Equal(new CallHeadroom(4, 2, 4, 10), await gate.GetHeadroomAsync(account, staging)); // nothing cut
        AssertRefused<EnvironmentAtCapacity>(await gate.TryAdmitAsync(account, staging));
        Assert.True(await leases[0].ReleaseAsync());
        Assert.True(await leases[1].ReleaseAsync());
        AssertRefused<EnvironmentAtCapacity>(await gate.TryAdmitAsync(account, staging)); // 2 running, limit 2
        Assert.True(await leases[2].ReleaseAsync());
        Assert.True((await gate.TryAdmitAsync(account, staging)).IsAdmitted);
        Assert.True(await leases[3].ReleaseAsync());
    }

    [ContractFact]
    public async Task Apply_PlanLoweredBelowTheCallsInFlight_RefusesByThePlanUntilBelow_R12_R13()
    {
        var (gate, account, staging, production) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 4, production: 5);
        var leases = await AdmitAsync(gate, account, staging, 3);

        Assert.True(await gate.ApplyAsync(account, 2, Allocation(2, (staging, 4), (production, 5))));

        var refused = AssertRefused<PlanAtCapacity>(await gate.TryAdmitAsync(account, production));
        Assert.Equal(new CallHeadroom(0, 5, 3, 2), refused.Headroom);
        foreach (var lease in leases) Assert.True(await lease.ReleaseAsync());
        Assert.True((await gate.TryAdmitAsync(account, production)).IsAdmitted);
    }

    [ContractFact]
    public async Task Apply_LimitRaised_AdmitsUpToTheNewLimit()
    {
        var (gate, account, staging, production) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 1, production: 5);
        await AdmitAsync(gate, account, staging, 1);

        Assert.True(await gate.ApplyAsync(account, 2, Allocation(10, (staging, 3), (production, 5))));

        await AdmitAsync(gate, account, staging, 2);
        AssertRefused<EnvironmentAtCapacity>(await gate.TryAdmitAsync(account, staging));
    }

    [ContractFact]
    public async Task Apply_EnvironmentDeleted_AdmitsNothingThereButItsCallsStillCountAndRelease_R6_R13()
    {
        var (gate, account, staging, production) = await GateWithTwoEnvironmentsAsync(plan: 3, staging: 2, production: 1);
        var running = await AdmitAsync(gate, account, staging, 2);

        Assert.True(await gate.ApplyAsync(account, 2, Allocation(3, (production, 3))));

        var refused = AssertRefused<UnknownEnvironment>(await gate.TryAdmitAsync(account, staging));
        Assert.True(refused.WasDeleted);
        Assert.Equal("concurrency.environment_deleted", refused.Code);
        Assert.Equal(new CallHeadroom(2, 0, 2, 3), await gate.GetHeadroomAsync(account, staging));
        var byEnvironment = await gate.GetHeadroomByEnvironmentAsync(account);
        Assert.Equal(new CallHeadroom(2, 0, 2, 3), byEnvironment[staging]);
        Assert.Equal(new CallHeadroom(0, 3, 2, 3), byEnvironment[production]);

        await AdmitAsync(gate, account, production, 1);
        AssertRefused<PlanAtCapacity>(await gate.TryAdmitAsync(account, production)); // the deleted one's calls still count
        foreach (var lease in running) Assert.True(await lease.ReleaseAsync());

        Assert.False((await gate.GetHeadroomByEnvironmentAsync(account)).ContainsKey(staging));
        Assert.True(AssertRefused<UnknownEnvironment>(await gate.TryAdmitAsync(account, staging)).WasDeleted);
        await AdmitAsync(gate, account, production, 2);
    }

    [ContractFact]
    public async Task Apply_NewEnvironment_AdmitsThere()
    {
        var (gate, account, staging, production) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 2, production: 2);
        var added = NewEnvironment();

        Assert.True(await gate.ApplyAsync(account, 2, Allocation(10, (staging, 2), (production, 2), (added, 6))));

        await AdmitAsync(gate, account, added, 6);
        AssertRefused<EnvironmentAtCapacity>(await gate.TryAdmitAsync(account, added));
    }

    [ContractFact]
    public async Task GetHeadroomByEnvironment_ListsEveryEnvironmentWithThePlan()
    {
        var (gate, account, staging, production) = await GateWithTwoEnvironmentsAsync(plan: 10, staging: 3, production: 5);
        await AdmitAsync(gate, account, staging, 2);
        await AdmitAsync(gate, account, production, 1);

        var headroom = await gate.GetHeadroomByEnvironmentAsync(account);

        Assert.Equal(2, headroom.Count);
        Assert.Equal(new CallHeadroom(2, 3, 3, 10), headroom[staging]);
        Assert.Equal(new CallHeadroom(1, 5, 3, 10), headroom[production]);
        Assert.Empty(await gate.GetHeadroomByEnvironmentAsync(NewAccount()));
        Assert.Null(await gate.GetHeadroomAsync(NewAccount(), staging));
    }

    [ContractFact]
    public async Task GetHeadroom_AccountWithNoLimitsHeld_LoadsThem()
    {
        var account = NewAccount();
        var staging = NewEnvironment();
        var gate = CreateGate((_, _) => ValueTask.FromResult<GateLimits?>(new GateLimits(1, Allocation(8, (staging, 3)))));

        Assert.Equal(new CallHeadroom(0, 3, 0, 8), await gate.GetHeadroomAsync(account, staging));
        Assert.Equal(new CallHeadroom(0, 3, 0, 8), (await gate.GetHeadroomByEnvironmentAsync(NewAccount()))[staging]);
    }

    [ContractFact]
    public async Task TryAdmit_ManyCallersAtOnce_AdmitExactlyTheLimit_R13()
    {
        var (gate, account, staging, production) = await GateWithTwoEnvironmentsAsync(plan: 12, staging: 10, production: 10);

        var admissions = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => gate.TryAdmitAsync(account, i % 2 == 0 ? staging : production).AsTask())));

        var admitted = admissions.Where(a => a.IsAdmitted).Select(Admitted).ToArray();
        Assert.Equal(12, admitted.Length); // the plan binds: 12 of 20 allocated
        Assert.All(admissions.Where(a => !a.IsAdmitted), a => Assert.True(a.Error is PlanAtCapacity or EnvironmentAtCapacity, a.ToString()));
        var freed = await Task.WhenAll(admitted.Select(lease => Task.Run(() => lease.ReleaseAsync().AsTask())));
        Assert.All(freed, Assert.True);
        Assert.Equal(0, (await gate.GetHeadroomAsync(account, staging))!.Value.PlanInFlight);
    }

    [ContractFact]
    public async Task AllocationHandler_AfterASavedChange_TheGateEnforcesTheNewLimitWithNoHostCode_R30()
    {
        var accounts = new InMemoryAccountRepository();
        var gate = CreateGate(CallGateAllocationHandler.LimitsFrom(accounts));
        var service = new SettingsService(
            accounts, new InMemoryInvitationMailer(), new InMemoryApiKeyIndex(), SystemClock.Instance, new SeededSecretGenerator(14),
            eventHandlers: [new CallGateAllocationHandler(gate, accounts)]);
        var opened = (await service.OpenAccountAsync(planLimit: 10, TestAccounts.Admin, "Ada Lovelace", "ada@example.com", NewAccount())).Value;
        var account = opened.Account.Id;
        var environment = opened.DefaultEnvironment;

        await AdmitAsync(gate, account, environment, 3);
        Assert.True((await service.EditEnvironmentAsync(account, TestAccounts.Admin, environment, newName: null, newMaxConcurrentCalls: 3)).Succeeded);

        AssertRefused<EnvironmentAtCapacity>(await gate.TryAdmitAsync(account, environment));
        Assert.True((await service.ChangePlanLimitAsync(account, TestAccounts.Admin, 2)).Succeeded);
        Assert.Equal(new CallHeadroom(3, 3, 3, 2), await gate.GetHeadroomAsync(account, environment));
    }

    [ContractFact]
    public async Task TryAdmit_DefaultIds_Throw()
    {
        var gate = CreateGate();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => gate.TryAdmitAsync(default, NewEnvironment()).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => gate.TryAdmitAsync(NewAccount(), default).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => gate.ApplyAsync(NewAccount(), -1, Allocation(1)).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentNullException>(() => gate.ApplyAsync(NewAccount(), 1, null!).AsTask());
    }

    /// <summary>A fresh account id: tests of a shared store never meet.</summary>
    protected static AccountId NewAccount() => new(Guid.NewGuid());

    /// <summary>A fresh environment id.</summary>
    protected static EnvironmentId NewEnvironment() => new(Guid.NewGuid());

    /// <summary>An allocation of <paramref name="plan"/> over the given environments.</summary>
    protected static ConcurrencyAllocation Allocation(int plan, params (EnvironmentId Environment, int Limit)[] limits) =>
        ConcurrencyAllocation.Create(plan, limits.Select(l => KeyValuePair.Create(l.Environment, l.Limit)));

    /// <summary>A gate holding version 1 of a fresh account with two environments.</summary>
    protected async Task<(ICallGate Gate, AccountId Account, EnvironmentId Staging, EnvironmentId Production)> GateWithTwoEnvironmentsAsync(int plan, int staging, int production)
    {
        var gate = CreateGate();
        var account = NewAccount();
        var (stagingId, productionId) = (NewEnvironment(), NewEnvironment());
        Assert.True(await gate.ApplyAsync(account, 1, Allocation(plan, (stagingId, staging), (productionId, production))));
        return (gate, account, stagingId, productionId);
    }

    /// <summary>Admits <paramref name="count"/> calls, each of which must be admitted.</summary>
    protected static async Task<CallLease[]> AdmitAsync(ICallGate gate, AccountId account, EnvironmentId environment, int count)
    {
        var leases = new CallLease[count];
        for (var i = 0; i < count; i++) leases[i] = Admitted(await gate.TryAdmitAsync(account, environment));
        return leases;
    }

    /// <summary>The lease of an admission that must have been admitted.</summary>
    protected static CallLease Admitted(GateAdmission admission)
    {
        Assert.True(admission.TryGetValue(out var lease, out var refusal), $"expected an admission, got {refusal?.Code}: {refusal?.Message}");
        return lease;
    }

    /// <summary>The refusal of an admission that must have been refused with <typeparamref name="TRefusal"/>.</summary>
    protected static TRefusal AssertRefused<TRefusal>(GateAdmission admission)
        where TRefusal : ICallRefusal
    {
        Assert.False(admission.IsAdmitted, $"expected {typeof(TRefusal).Name}, got {admission}");
        return Assert.IsType<TRefusal>(admission.Error);
    }
}
