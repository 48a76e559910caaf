using Ardalis.GuardClauses;
using Fluents.Settings.Environments;
using OneOf;
using OneOf.Types;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// How an account's plan limit P is shared among its environments (R8–R12): each environment's
/// Max Concurrent Calls m, their running sum, and the rules that keep the sum within P.
/// </summary>
/// <remarks>
/// <para>Every check and change is O(1) per environment touched: the sum is kept up to date,
/// never recomputed (DESIGN.md §6).</para>
/// <para>Instances handed out by <c>Account.Allocation</c> are copies: they never
/// change afterwards, so a call gate can hold one safely.</para>
/// <para>After a plan decrease the sum may exceed P (R12, <see cref="IsOverAllocated"/>). Then
/// R9/R10 are restored only by changes that lower; any change that raises an environment is refused
/// until the sum fits again.</para>
/// </remarks>
public sealed class ConcurrencyAllocation
{
    private readonly Dictionary<EnvironmentId, int> _limits;

    private ConcurrencyAllocation(int planLimit, Dictionary<EnvironmentId, int> limits, int allocated)
    {
        PlanLimit = planLimit;
        _limits = limits;
        Allocated = allocated;
    }

    /// <summary>The plan's maximum number of concurrent calls, P (R8).</summary>
    public int PlanLimit { get; private set; }

    /// <summary>The sum of all environments' Max Concurrent Calls, hidden ones included (R10).</summary>
    public int Allocated { get; private set; }

    /// <summary>The calls of the plan that no environment holds; 0 when over-allocated.</summary>
    public int Unallocated => Math.Max(0, PlanLimit - Allocated);

    /// <summary>Whether a plan decrease left the environments holding more than the plan (R12).</summary>
    public bool IsOverAllocated => Allocated > PlanLimit;

    /// <summary>How far over the plan the environments are; 0 when they fit.</summary>
    public int OverAllocatedBy => Math.Max(0, Allocated - PlanLimit);

    /// <summary>Each environment's Max Concurrent Calls.</summary>
    public IReadOnlyDictionary<EnvironmentId, int> Limits => _limits;

    /// <summary>Builds an allocation from a plan limit and the environments' limits (for hosts and tests that need one without an account).</summary>
    /// <param name="planLimit">P, 0 or more.</param>
    /// <param name="limits">Each environment's Max Concurrent Calls, 0 or more; the sum may exceed P (over-allocated).</param>
    /// <returns>The allocation.</returns>
    /// <exception cref="ArgumentException">A negative value, a duplicate or default environment id, or a sum beyond <see cref="int.MaxValue"/>.</exception>
    public static ConcurrencyAllocation Create(int planLimit, IEnumerable<KeyValuePair<EnvironmentId, int>> limits)
    {
        Guard.Against.Negative(planLimit);
        Guard.Against.Null(limits);
        var allocation = Empty(planLimit);
        foreach (var (environment, limit) in limits)
        {
            Guard.Against.Default(environment);
            Guard.Against.Negative(limit);
            if (allocation._limits.ContainsKey(environment)) throw new ArgumentException($"Environment {environment} appears twice.", nameof(limits));
            if ((long)allocation.Allocated + limit > int.MaxValue) throw new ArgumentException("The limits sum beyond Int32.MaxValue.", nameof(limits));
            allocation.Add(environment, limit);
        }
        return allocation;
    }

    internal static ConcurrencyAllocation Empty(int planLimit) => new(planLimit, [], 0);

    /// <summary>An environment's Max Concurrent Calls.</summary>
    /// <param name="environment">An environment of this allocation.</param>
    /// <returns>Its limit.</returns>
    /// <exception cref="KeyNotFoundException">The environment is not in this allocation.</exception>
    public int LimitOf(EnvironmentId environment) => _limits[environment];

    /// <summary>The most an environment (or a new one, for <c>null</c>) may have right now: its current limit plus the unallocated calls.</summary>
    /// <param name="environment">An environment of this allocation, or <c>null</c> for one not created yet.</param>
    /// <returns>The largest Max Concurrent Calls that would be accepted.</returns>
    public int AllowedFor(EnvironmentId? environment) => CurrentOf(environment) + Unallocated;

    /// <summary>Checks setting one environment's limit (R10, R12): lowering or keeping is always allowed; raising only while the sum stays within P.</summary>
    /// <param name="environment">The environment, or <c>null</c> for a new one (current limit 0).</param>
    /// <param name="requested">The new Max Concurrent Calls, 0 or more.</param>
    /// <returns>Success, or the numbers that show why it does not fit.</returns>
    public OneOf<Success, AllocationExceedsPlan> CheckSet(EnvironmentId? environment, int requested)
    {
        var current = CurrentOf(environment);
        if (requested <= current) return default(Success);
        if ((long)Allocated - current + requested <= PlanLimit) return default(Success);
        return new AllocationExceedsPlan(environment, requested, AllowedFor(environment), Unallocated, PlanLimit);
    }

    /// <summary>
    /// Checks a bulk reallocation (R11, R12): the new sum must fit P, unless no environment is raised
    /// (a change that only lowers is always allowed, even while over-allocated).
    /// </summary>
    /// <param name="targets">New limits for some environments of this allocation (others keep theirs).</param>
    /// <returns>Success, or the total that would not fit.</returns>
    public OneOf<Success, ReallocationExceedsPlan> CheckReallocation(IReadOnlyDictionary<EnvironmentId, int> targets)
    {
        Guard.Against.Null(targets);
        long sum = Allocated;
        var raises = false;
        foreach (var (environment, target) in targets)
        {
            var current = _limits[environment];
            sum += target - current;
            raises |= target > current;
        }
        if (!raises || sum <= PlanLimit) return default(Success);
        return new ReallocationExceedsPlan((int)Math.Min(sum, int.MaxValue), PlanLimit);
    }

    /// <summary>
    /// A fair reduction for an over-allocated account (R12): each environment gets its share of P in
    /// proportion to its current limit, rounded down, and the calls left by rounding go one each to the
    /// largest remainders (ties: larger current limit, then smaller id). No environment increases, the
    /// result sums to P exactly when over-allocated (and is the current allocation otherwise), every value
    /// is within 1 of its exact proportional share, and the same input always gives the same output.
    /// </summary>
    /// <returns>Each environment's current and proposed limit, in id order.</returns>
    public IReadOnlyList<RebalanceLine> ProposeRebalance()
    {
        var lines = new RebalanceLine[_limits.Count];
        var index = 0;
        if (!IsOverAllocated)
        {
            foreach (var (environment, limit) in _limits) lines[index++] = new RebalanceLine(environment, limit, limit);
            Array.Sort(lines, (a, b) => a.Environment.Value.CompareTo(b.Environment.Value));
            return lines;
        }

        long plan = PlanLimit, sum = Allocated, handedOut = 0;
        var remainders = new long[_limits.Count];
        foreach (var (environment, limit) in _limits)
        {
            var share = limit * plan;
            lines[index] = new RebalanceLine(environment, limit, (int)(share / sum));
            remainders[index] = share % sum;
            handedOut += share / sum;
            index++;
        }

        var order = Enumerable.Range(0, lines.Length)
            .OrderByDescending(i => remainders[i])
            .ThenByDescending(i => lines[i].Current)
            .ThenBy(i => lines[i].Environment.Value)
            .Take((int)(plan - handedOut));
        foreach (var i in order) lines[i] = lines[i] with { Proposed = lines[i].Proposed + 1 };

        Array.Sort(lines, (a, b) => a.Environment.Value.CompareTo(b.Environment.Value));
        return lines;
    }

    internal ConcurrencyAllocation Copy() => new(PlanLimit, new Dictionary<EnvironmentId, int>(_limits), Allocated);

    internal void Add(EnvironmentId environment, int limit)
    {
        _limits.Add(environment, limit);
        Allocated += limit;
    }

    internal void Set(EnvironmentId environment, int limit)
    {
        ref var current = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_limits, environment);
        Allocated += limit - current;
        current = limit;
    }

    internal void Remove(EnvironmentId environment)
    {
        if (_limits.Remove(environment, out var limit)) Allocated -= limit;
    }

    internal void ChangePlan(int planLimit) => PlanLimit = planLimit;

    private int CurrentOf(EnvironmentId? environment) => environment is { } id && _limits.TryGetValue(id, out var limit) ? limit : 0;
}

/// <summary>One environment's line in a rebalance proposal (R12).</summary>
/// <param name="Environment">The environment.</param>
/// <param name="Current">Its Max Concurrent Calls now.</param>
/// <param name="Proposed">The Max Concurrent Calls the proposal gives it (never more than <paramref name="Current"/>).</param>
public sealed record RebalanceLine(EnvironmentId Environment, int Current, int Proposed);
