using System.Collections.Immutable;

namespace Fluents.Settings.PropertyTests.Environments;

/// <summary>Who performs an operation: the Admin, a user with the Member role, or someone outside the account.</summary>
public enum Actor
{
    Admin,
    Member,
    Stranger,
}

/// <summary>An environment as the model sees it; <see cref="Slot"/> is its creation order (0 = <c>default</c>).</summary>
public sealed record ModelEnvironment(int Slot, string Name, int Limit, bool Hidden);

/// <summary>
/// What the model predicts an operation does: <c>ok</c> or the error's stable code, and the domain events it
/// records (none for a refusal or for a change that changes nothing).
/// </summary>
public sealed record Outcome(string Code, ImmutableArray<string> Events)
{
    public const string Ok = "ok";

    public static Outcome Unchanged { get; } = new(Ok, []);

    public bool IsRefused => Code != Ok;

    public static Outcome Refused(string code) => new(code, []);

    public static Outcome Changed(params string[] events) => new(Ok, [.. events]);

    public override string ToString() => IsRefused ? $"refused {Code}" : Events.IsEmpty ? "ok (no change)" : $"ok [{string.Join(", ", Events)}]";
}

/// <summary>
/// A deliberately plain model of R2–R12: a list of environments in creation order and a plan limit, with every
/// rule written out again from DESIGN.md, independently of the aggregate's indexes and running sums.
/// <see cref="Last"/> is what the last operation should have done and <see cref="Before"/> the state it ran on.
/// </summary>
public sealed record AccountModel(
    int PlanLimit,
    ImmutableList<ModelEnvironment> Environments,
    ImmutableHashSet<int> DeletedSlots,
    int NextSlot,
    long Version,
    long? HeldProposalVersion,
    Outcome Last,
    AccountModel? Before = null)
{
    public const string NotPermitted = "account.not_permitted";
    public const string NotFound = "environment.not_found";
    public const string NameInvalid = "environment.name_invalid";
    public const string NameTaken = "environment.name_taken";
    public const string LastVisible = "environment.last_visible";
    public const string NotConfirmed = "environment.delete_not_confirmed";
    public const string InvalidLimit = "concurrency.invalid_limit";
    public const string ExceedsPlan = "concurrency.exceeds_plan";
    public const string ReallocationExceedsPlan = "concurrency.reallocation_exceeds_plan";
    public const string StaleProposal = "concurrency.stale_proposal";
    public const string InvalidGracePeriod = "api_key.invalid_grace_period";

    public int Allocated => Environments.Sum(e => e.Limit);

    public int Unallocated => Math.Max(0, PlanLimit - Allocated);

    public bool IsOverAllocated => Allocated > PlanLimit;

    public int VisibleCount => Environments.Count(e => !e.Hidden);

    public ModelEnvironment? Find(int slot) => Environments.Find(e => e.Slot == slot);

    /// <summary>R2: trimmed, 1–64 characters, no control characters; <c>null</c> when invalid.</summary>
    public static string? ValidName(string? typed)
    {
        var trimmed = typed?.Trim() ?? "";
        return trimmed.Length is >= 1 and <= 64 && !trimmed.Any(char.IsControl) ? trimmed : null;
    }

    /// <summary>R2: another environment has this name, ignoring case.</summary>
    public bool IsNameTaken(string name, int exceptSlot) =>
        Environments.Any(e => e.Slot != exceptSlot && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    public AccountModel Refuse(string code) => this with { Last = Outcome.Refused(code) };

    public AccountModel Unchanged() => this with { Last = Outcome.Unchanged };

    public AccountModel Change(Func<AccountModel, AccountModel> change, params string[] events) =>
        change(this) with { Version = Version + 1, Last = Outcome.Changed(events) };

    public AccountModel Replace(ModelEnvironment environment) =>
        this with { Environments = Environments.Replace(Find(environment.Slot)!, environment) };

    /// <summary>
    /// R12's fair reduction, written out: floor of each exact share m·P/S, then one more call to the largest
    /// remainders (ties: larger current limit, then the older environment, whose id sorts first).
    /// </summary>
    public ImmutableList<ModelEnvironment> Rebalanced()
    {
        if (!IsOverAllocated) return Environments;
        long plan = PlanLimit, sum = Allocated;
        var floors = Environments.Select(e => e.Limit * plan / sum).ToArray();
        var leftover = plan - floors.Sum();
        var winners = Environments
            .Select((e, i) => (Index: i, Remainder: e.Limit * plan % sum, e.Limit, e.Slot))
            .OrderByDescending(x => x.Remainder).ThenByDescending(x => x.Limit).ThenBy(x => x.Slot)
            .Take((int)leftover)
            .Select(x => x.Index)
            .ToHashSet();
        return [.. Environments.Select((e, i) => e with { Limit = (int)floors[i] + (winners.Contains(i) ? 1 : 0) })];
    }

    public override string ToString() =>
        $"P={PlanLimit} v{Version} [{string.Join(", ", Environments.Select(e => $"#{e.Slot} '{e.Name}' {e.Limit}{(e.Hidden ? " hidden" : "")}"))}] last: {Last}";
}
