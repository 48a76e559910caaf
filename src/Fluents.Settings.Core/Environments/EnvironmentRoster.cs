using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Fluents.Settings.Concurrency;

namespace Fluents.Settings.Environments;

/// <summary>
/// An account's environments and everything kept about them as a whole: the environments by id, the name index
/// (R2, ignoring case with <see cref="EnvironmentName.Comparer"/>), the number of visible environments (R5) and the
/// allocation of the plan among them (R8–R12). Each change of an environment that one of these depends on goes
/// through here, so they never disagree; and the rules about the collection live here, named after what they protect.
/// </summary>
/// <remarks>
/// <para>Rules are checked by the caller (<see cref="Accounts.Account"/>) before it changes anything: a change that a
/// rule refuses is never made, so the changing methods assume the rules allowed it (a broken assumption is a bug and
/// throws, e.g. a duplicate name on <see cref="Add"/>).</para>
/// <para>Every lookup and change is O(1); nothing here allocates except growing the dictionaries.</para>
/// </remarks>
internal sealed class EnvironmentRoster
{
    private readonly Dictionary<EnvironmentId, AccountEnvironment> _byId = [];
    private readonly Dictionary<string, EnvironmentId> _byName = new(EnvironmentName.Comparer);

    /// <summary>Starts with no environment and the plan's limit P.</summary>
    /// <param name="planLimit">P, 0 or more.</param>
    public EnvironmentRoster(int planLimit) => Allocation = ConcurrencyAllocation.Empty(planLimit);

    /// <summary>
    /// The plan limit and every environment's Max Concurrent Calls, for reading and for its checks (R10–R12: <see
    /// cref="ConcurrencyAllocation.CheckSet"/>, <see cref="ConcurrencyAllocation.CheckReallocation"/>). Changed only
    /// through this roster (<see cref="SetLimit"/>, <see cref="ChangePlanLimit"/>), which keeps it equal to the
    /// environments' own <see cref="AccountEnvironment.MaxConcurrentCalls"/>.
    /// </summary>
    public ConcurrencyAllocation Allocation { get; }

    /// <summary>The environments, hidden ones included, in no particular order.</summary>
    public Dictionary<EnvironmentId, AccountEnvironment>.ValueCollection Values => _byId.Values;

    /// <summary>How many environments there are.</summary>
    public int Count => _byId.Count;

    /// <summary>How many environments are visible in the selector (not hidden).</summary>
    public int VisibleCount { get; private set; }

    /// <summary>An environment of the roster.</summary>
    /// <param name="id">Its id.</param>
    /// <exception cref="KeyNotFoundException">There is no such environment.</exception>
    public AccountEnvironment this[EnvironmentId id] => _byId[id];

    /// <summary>Finds an environment by id.</summary>
    public bool TryGet(EnvironmentId id, [MaybeNullWhen(false)] out AccountEnvironment environment) =>
        _byId.TryGetValue(id, out environment);

    /// <summary>Finds an environment by id, or <c>null</c>.</summary>
    public AccountEnvironment? Find(EnvironmentId id) => _byId.GetValueOrDefault(id);

    /// <summary>Whether an environment has this id.</summary>
    public bool Contains(EnvironmentId id) => _byId.ContainsKey(id);

    /// <summary>
    /// R2: names are unique in the account, ignoring case (hidden environments included). Refuses a name that another
    /// environment has; an environment being renamed may keep its own name (in another case, too).
    /// </summary>
    /// <param name="name">The name wanted.</param>
    /// <param name="renamed">The environment being renamed, or <c>null</c> for a new one.</param>
    /// <returns><c>null</c> when the name is free, or the refusal.</returns>
    public EnvironmentNameTaken? NameStaysUnique(EnvironmentName name, EnvironmentId? renamed = null) =>
        _byName.TryGetValue(name.Value, out var holder) && holder != renamed ? new EnvironmentNameTaken(name.Value) : null;

    /// <summary>
    /// R5: the account always keeps a visible environment, so the last visible one cannot be hidden or deleted. A
    /// hidden environment can always be deleted (it is not the one that keeps the selector non-empty).
    /// </summary>
    /// <param name="environment">The environment about to be hidden or deleted.</param>
    /// <returns><c>null</c> when it may go, or the refusal.</returns>
    public LastVisibleEnvironment? LastVisibleEnvironmentStays(AccountEnvironment environment) =>
        !environment.Hidden && VisibleCount == 1 ? new LastVisibleEnvironment(environment.Id) : null;

    /// <summary>Adds an environment: its id, its name and its limit, and counts it if visible.</summary>
    /// <param name="environment">A new environment whose name <see cref="NameStaysUnique"/> allowed.</param>
    /// <exception cref="ArgumentException">Its id or name is already in the roster.</exception>
    public void Add(AccountEnvironment environment)
    {
        _byId.Add(environment.Id, environment);
        _byName.Add(environment.Name.Value, environment.Id);
        Allocation.Add(environment.Id, environment.MaxConcurrentCalls.Value);
        if (!environment.Hidden) VisibleCount++;
    }

    /// <summary>Removes an environment: its id, its name, its limit (its calls return to the unallocated pool, R6) and its place in the visible count.</summary>
    /// <param name="environment">An environment of the roster that <see cref="LastVisibleEnvironmentStays"/> let go.</param>
    public void Remove(AccountEnvironment environment)
    {
        Debug.Assert(_byId.GetValueOrDefault(environment.Id) == environment, "not an environment of this roster");
        _byId.Remove(environment.Id);
        _byName.Remove(environment.Name.Value);
        Allocation.Remove(environment.Id);
        if (!environment.Hidden) VisibleCount--;
    }

    /// <summary>Renames an environment and moves it in the name index; its id stays (R2).</summary>
    /// <param name="environment">An environment of the roster.</param>
    /// <param name="name">A name that <see cref="NameStaysUnique"/> allowed for it.</param>
    public void Rename(AccountEnvironment environment, EnvironmentName name)
    {
        Debug.Assert(_byId.GetValueOrDefault(environment.Id) == environment, "not an environment of this roster");
        _byName.Remove(environment.Name.Value);
        _byName.Add(name.Value, environment.Id);
        environment.Name = name;
    }

    /// <summary>Hides an environment (R4); nothing happens if it already is hidden.</summary>
    /// <param name="environment">An environment of the roster that <see cref="LastVisibleEnvironmentStays"/> let go.</param>
    public void Hide(AccountEnvironment environment)
    {
        Debug.Assert(_byId.GetValueOrDefault(environment.Id) == environment, "not an environment of this roster");
        if (environment.Hidden) return;
        environment.Hidden = true;
        VisibleCount--;
    }

    /// <summary>Shows a hidden environment again; nothing happens if it already is visible.</summary>
    /// <param name="environment">An environment of the roster.</param>
    public void Unhide(AccountEnvironment environment)
    {
        Debug.Assert(_byId.GetValueOrDefault(environment.Id) == environment, "not an environment of this roster");
        if (!environment.Hidden) return;
        environment.Hidden = false;
        VisibleCount++;
    }

    /// <summary>Sets an environment's Max Concurrent Calls, in the environment and in the allocation's sum at once (O(1)).</summary>
    /// <param name="environment">An environment of the roster.</param>
    /// <param name="limit">A limit that the allocation's checks allowed (R10, R12).</param>
    public void SetLimit(AccountEnvironment environment, MaxConcurrentCalls limit)
    {
        Debug.Assert(_byId.GetValueOrDefault(environment.Id) == environment, "not an environment of this roster");
        Allocation.Set(environment.Id, limit.Value);
        environment.MaxConcurrentCalls = limit;
    }

    /// <summary>Changes the plan's limit P (R8; never refused, R12).</summary>
    /// <param name="planLimit">The new P, 0 or more.</param>
    public void ChangePlanLimit(int planLimit) => Allocation.ChangePlan(planLimit);
}
