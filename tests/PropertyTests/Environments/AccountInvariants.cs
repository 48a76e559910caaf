using FsCheck;
using FsCheck.Fluent;
using Fluents.Settings.Environments;

namespace Fluents.Settings.PropertyTests.Environments;

/// <summary>What must hold after every operation of a model-based run.</summary>
public static class AccountInvariants
{
    /// <summary>
    /// Executes <paramref name="operation"/> on the aggregate and checks it against <paramref name="model"/> (the
    /// model after the operation): same outcome and events; a refusal or a no-op changes nothing (snapshot, version,
    /// events); R5, R9, R10/R12 hold; environments, plan, table and selector agree with the model; ids survive renames.
    /// </summary>
    public static Property Check(AccountOperation operation, AccountUnderTest actual, AccountModel model)
    {
        var failures = Failures(operation, actual, model);
        return (failures.Count == 0).ToProperty().Label($"{operation} → expected {model.Last}: {string.Join("; ", failures)}");
    }

    public static List<string> Failures(AccountOperation operation, AccountUnderTest actual, AccountModel model)
    {
        var account = actual.Account;
        var before = AccountState.Of(account);
        var refusal = operation.Execute(actual);
        var after = AccountState.Of(account);

        var failures = new List<string>();
        void Expect(bool holds, string what)
        {
            if (!holds) failures.Add(what);
        }

        var code = refusal?.Code ?? Outcome.Ok;
        var events = account.PendingEvents.Skip(before.PendingEventCount).Select(e => e.GetType().Name).ToArray();
        Expect(code == model.Last.Code, $"outcome was {refusal?.ToString() ?? "a success"}");
        Expect(events.SequenceEqual(model.Last.Events), $"events were [{string.Join(", ", events)}]");
        if (code != Outcome.Ok || events.Length == 0) Expect(after == before, "a refused or empty operation changed the snapshot, the version or the events");
        Expect(after.Version == before.Version + (events.Length > 0 ? 1 : 0), "a successful change must add exactly one version");
        Expect(after.Version == model.Version, $"version {after.Version}, model {model.Version}");

        var environments = after.Snapshot.Environments;
        var plan = after.Snapshot.PlanLimit;
        long sumBefore = before.Snapshot.Environments.Sum(e => (long)e.MaxConcurrentCalls), sumAfter = environments.Sum(e => (long)e.MaxConcurrentCalls);
        Expect(environments.Any(e => !e.Hidden), "R5: no visible environment left");
        Expect(environments.All(e => e.MaxConcurrentCalls >= 0), "R9: a negative limit");
        Expect(sumAfter > plan || environments.All(e => e.MaxConcurrentCalls <= plan), "R9: a limit above the plan");
        if (!operation.IsPlanChange && sumAfter > plan)
            Expect(sumBefore > plan && sumAfter <= sumBefore, "R10/R12: the sum exceeds the plan, and not because of a plan decrease");
        var limitsBefore = before.Snapshot.Environments.ToDictionary(e => e.Id, e => e.MaxConcurrentCalls);
        var raised = environments.Any(e => e.MaxConcurrentCalls > limitsBefore.GetValueOrDefault(e.Id));
        if (raised) Expect(sumAfter <= plan, "R10/R12: an environment was raised but the result exceeds the plan");

        Expect(plan == model.PlanLimit, $"plan {plan}, model {model.PlanLimit}");
        Expect(
            environments.Select(e => (e.Name, e.MaxConcurrentCalls, e.Hidden)).SequenceEqual(model.Environments.Select(e => (e.Name, e.Limit, e.Hidden))),
            $"environments [{string.Join(", ", environments.Select(e => $"'{e.Name}' {e.MaxConcurrentCalls}{(e.Hidden ? " hidden" : "")}"))}] differ from the model");
        foreach (var environment in model.Environments)
            Expect(account.FindEnvironment(actual.IdOf(environment.Slot))?.Name.Value == environment.Name, $"R2: slot #{environment.Slot} lost its id");

        var table = account.ViewEnvironments(TestAccounts.Admin).Value;
        Expect(
            table.Rows.Count == model.Environments.Count && table.Allocated == model.Allocated && table.Unallocated == model.Unallocated
            && table.IsOverAllocated == model.IsOverAllocated && table.PlanLimit == model.PlanLimit,
            "the environments table's totals differ from the model");
        var selector = account.ViewEnvironmentSelector(Viewers.Viewer).Value;
        Expect(selector.Select(o => o.Name).SequenceEqual(model.Environments.Where(e => !e.Hidden).Select(e => e.Name)), "R4: the selector differs from the visible environments");
        return failures;
    }
}
