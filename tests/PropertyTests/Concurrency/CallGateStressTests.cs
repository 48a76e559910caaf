using System.Collections.Concurrent;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.PropertyTests.Concurrency;

/// <summary>
/// Bounded concurrency stress of the call gate (R13): 4 threads admit, release and release again at random
/// in rounds; between rounds one random allocation is applied (limits up and down, environments deleted and
/// back, over-allocated plans). Each thread counts the calls it holds in shared counters (raised after an
/// admission, lowered before its release), so those counters never exceed what the gate really has in
/// flight. No counter, and no count the gate reports, may ever exceed what the limits allow. Each test names the gate's
/// invariants it protects (G1–G7, docs/call-gate.md).
/// </summary>
public class CallGateStressTests
{
    private const int Threads = 4;
    private const int Rounds = 12;
    private const int OperationsPerRound = 2_000;
    private static readonly EnvironmentId[] Environments =
        Enumerable.Range(1, 3).Select(i => new EnvironmentId(new Guid(i, 1, 0x7000, 0x80, 0, 0, 0, 0, 0, 0, (byte)i))).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Gate_UnderContention_NeverExceedsEitherLimitAndEndsAtZero(int seed)
    {
        // R13, G1, G3, G4, G5: no count past its bound under 4 threads, every release once, the plan exact at the end;
        // Apply runs between rounds (while the threads wait), so its races are the other tests' (G2, G7).
        var random = new Random(seed);
        var (plan, limits) = RandomAllocation(random);
        var gate = new CallGate(ToAllocation(plan, limits));
        var held = new int[Environments.Length];
        var heldInPlan = 0;
        var violations = new ConcurrentQueue<string>();
        var calls = Enumerable.Range(0, Threads).Select(_ => new List<AdmittedCall>()).ToArray();
        var released = Enumerable.Range(0, Threads).Select(_ => new List<AdmittedCall>()).ToArray();
        var admitted = 0;

        // Bounds of the current round: R13 lets a count sit above a lowered limit (calls are never cut),
        // but never rise above max(limit, count when the limit changed).
        var environmentBounds = new int[Environments.Length];
        var planBound = 0;

        using var barrier = new Barrier(Threads, _ =>
        {
            (plan, limits) = RandomAllocation(random);
            gate.Apply(ToAllocation(plan, limits));
            for (var e = 0; e < Environments.Length; e++) environmentBounds[e] = Math.Max(Math.Max(limits[e], 0), Volatile.Read(ref held[e]));
            planBound = Math.Max(plan, Volatile.Read(ref heldInPlan));
        });
        for (var e = 0; e < Environments.Length; e++) environmentBounds[e] = Math.Max(limits[e], 0);
        planBound = plan;

        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var threadRandom = new Random(seed * 100 + t);
            var mine = calls[t];
            for (var round = 0; round < Rounds; round++)
            {
                for (var i = 0; i < OperationsPerRound; i++)
                {
                    var dice = threadRandom.Next(100);
                    if (dice < 55 || mine.Count == 0)
                    {
                        var e = threadRandom.Next(Environments.Length);
                        if (!gate.TryAdmit(Environments[e]).TryGetCall(out var call)) continue;
                        Interlocked.Increment(ref admitted);
                        var inEnvironment = Interlocked.Increment(ref held[e]);
                        var inPlan = Interlocked.Increment(ref heldInPlan);
                        gate.TryGetHeadroom(Environments[e], out var headroom);
                        var gatePlan = gate.PlanInFlight;
                        if (inEnvironment > environmentBounds[e] || headroom.EnvironmentInFlight > environmentBounds[e])
                            violations.Enqueue($"round {round}: environment {e} held {inEnvironment} (gate says {headroom.EnvironmentInFlight}), bound {environmentBounds[e]}");
                        if (inPlan > planBound || gatePlan > planBound)
                            violations.Enqueue($"round {round}: plan held {inPlan} (gate says {gatePlan}), bound {planBound}");
                        mine.Add(call);
                    }
                    else if (dice < 95)
                    {
                        var index = threadRandom.Next(mine.Count);
                        var releasing = mine[index];
                        mine[index] = mine[^1];
                        mine.RemoveAt(mine.Count - 1);
                        Interlocked.Decrement(ref held[Array.IndexOf(Environments, releasing.Environment)]);
                        Interlocked.Decrement(ref heldInPlan);
                        if (!releasing.Release()) violations.Enqueue($"round {round}: a first release returned false");
                        released[t].Add(releasing);
                    }
                    else if (released[t].Count > 0)
                    {
                        var again = released[t][threadRandom.Next(released[t].Count)];
                        if (again.Release()) violations.Enqueue($"round {round}: a repeated release freed a call");
                    }
                }

                barrier.SignalAndWait();
            }
        })).ToList();
        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => worker.Join());

        foreach (var call in calls.SelectMany(mine => mine)) Assert.True(call.Release());

        Assert.Empty(violations);
        Assert.True(admitted > Rounds, $"only {admitted} calls were admitted: the test did not exercise the gate");
        Assert.Equal(0, gate.PlanInFlight);
        foreach (var environment in Environments)
        {
            Assert.True(gate.TryGetHeadroom(environment, out var headroom));
            Assert.Equal(0, headroom.EnvironmentInFlight);
        }
    }

    [Fact]
    public void Gate_WhileAllocationsChangeConcurrently_ReleasesEveryCallOnceAndEndsAtZero()
    {
        // R13, G2, G3, G4, G7: Apply races with admissions and releases (limits up and down, environments deleted and
        // back, the plan's counting switched); counts stay consistent, nothing is freed twice, and the plan ends at 0.
        var random = new Random(42);
        var (plan, limits) = RandomAllocation(random);
        var gate = new CallGate(ToAllocation(plan, limits));
        var stop = 0;
        var violations = new ConcurrentQueue<string>();
        var maxPlan = 8;

        var updater = new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                var (p, l) = RandomAllocation(random);
                gate.Apply(ToAllocation(p, l));
                Thread.Yield();
            }
        });
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var threadRandom = new Random(t);
            var mine = new List<AdmittedCall>();
            for (var i = 0; i < 20_000; i++)
            {
                if (threadRandom.Next(2) == 0 || mine.Count == 0)
                {
                    if (gate.TryAdmit(Environments[threadRandom.Next(Environments.Length)]).TryGetCall(out var call)) mine.Add(call);
                    if (gate.PlanInFlight > maxPlan) violations.Enqueue($"plan in flight {gate.PlanInFlight} above every plan limit used");
                }
                else
                {
                    var call = mine[^1];
                    mine.RemoveAt(mine.Count - 1);
                    if (!call.Release()) violations.Enqueue("a first release returned false");
                    if (call.Release()) violations.Enqueue("a repeated release freed a call");
                }
            }

            mine.ForEach(call => call.Release());
        })).ToList();

        updater.Start();
        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => worker.Join());
        Volatile.Write(ref stop, 1);
        updater.Join();

        Assert.Empty(violations);
        Assert.Equal(0, gate.PlanInFlight);
        Assert.All(gate.HeadroomByEnvironment().Values, headroom => Assert.Equal(0, headroom.EnvironmentInFlight));
    }

    [Theory]
    [InlineData(1, 1)] // one environment: its limit and the plan's are both the last place
    [InlineData(3, 1)] // three environments of limit 1 racing for a plan of 1
    [InlineData(3, 2)]
    public void Gate_RacingForTheLastPlaces_NeverHasMoreHoldersThanThePlan(int environments, int plan)
    {
        // R13, G1, G4: the sharpest interleaving: every admission races for the plan's last places (one environment:
        // its own limit; several whose limits exceed the plan: plan places taken by CAS).
        var gate = new CallGate(ConcurrencyAllocation.Create(plan, Environments.Take(environments).Select(id => KeyValuePair.Create(id, 1))));
        var holders = 0;
        var mostHolders = 0;
        var admitted = 0;
        using var start = new Barrier(Threads);

        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var environment = Environments[t % environments];
            start.SignalAndWait(); // all threads race from the same moment
            for (var i = 0; i < 200_000; i++)
            {
                if (!gate.TryAdmit(environment).TryGetCall(out var call)) continue;
                RaiseTo(ref mostHolders, Math.Max(Interlocked.Increment(ref holders), gate.PlanInFlight));
                Interlocked.Increment(ref admitted);
                Interlocked.Decrement(ref holders);
                call.Release();
            }
        })).ToList();
        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => worker.Join());

        Assert.InRange(mostHolders, 1, plan);
        Assert.True(admitted > 0);
        Assert.Equal(0, gate.PlanInFlight);
    }

    [Fact]
    public void Gate_AdmissionsRacingReallocations_NeverRunMoreCallsThanThePlan()
    {
        // R11 + R13, G2, G5: the plan's one place moves back and forth between two environments while each has a caller.
        // Both allocations fit the plan, so the gate runs without a plan counter between Applies; an admission that
        // read the old limit before an Apply must not complete under it afterwards (the limit's version catches
        // that), or both environments could hold a call at once.
        var first = Environments[0];
        var second = Environments[1];
        var toFirst = ConcurrencyAllocation.Create(1, [KeyValuePair.Create(first, 1), KeyValuePair.Create(second, 0)]);
        var toSecond = ConcurrencyAllocation.Create(1, [KeyValuePair.Create(first, 0), KeyValuePair.Create(second, 1)]);
        var gate = new CallGate(toFirst);
        var holders = 0;
        var mostHolders = 0;
        var admitted = 0;
        var callersDone = 0;

        var callers = new[] { first, second, first, second }.Select(environment => new Thread(() =>
        {
            for (var i = 0; i < 1_500_000; i++)
            {
                if (!gate.TryAdmit(environment).TryGetCall(out var call)) continue;
                RaiseTo(ref mostHolders, Interlocked.Increment(ref holders));
                Interlocked.Increment(ref admitted);
                Interlocked.Decrement(ref holders);
                call.Release();
            }

            Interlocked.Increment(ref callersDone);
        })).ToList();
        var reallocator = new Thread(() =>
        {
            for (var i = 0; Volatile.Read(ref callersDone) < 4; i++) gate.Apply(i % 2 == 0 ? toSecond : toFirst);
        });

        callers.ForEach(caller => caller.Start());
        reallocator.Start();
        callers.ForEach(caller => caller.Join());
        reallocator.Join();

        Assert.InRange(mostHolders, 1, 1);
        Assert.True(admitted > 100, $"only {admitted} calls were admitted: the test did not exercise the gate");
        Assert.Equal(0, gate.PlanInFlight);
    }

    [Fact]
    public void Gate_ThreadsGrowingTheSeatPoolTogether_AdmitDistinctCallsAndEndAtZero()
    {
        // R13, G3: while threads add seat chunks concurrently, every admission is still a distinct call,
        // released exactly once.
        const int perThread = 3_000;
        var gate = new CallGate(ConcurrencyAllocation.Create(Threads * perThread, Environments.Select(id => KeyValuePair.Create(id, Threads * perThread))));
        var held = new AdmittedCall[Threads][];
        using var start = new Barrier(Threads);

        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            held[t] = Enumerable.Range(0, perThread)
                .Select(i => gate.TryAdmit(Environments[i % Environments.Length]).TryGetCall(out var call) ? call : default)
                .ToArray();
        })).ToList();
        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => worker.Join());

        var all = held.SelectMany(calls => calls).ToList();
        Assert.All(all, call => Assert.True(call.IsAdmitted));
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(Threads * perThread, gate.PlanInFlight);
        Assert.All(all, call => Assert.True(call.Release()));
        Assert.All(all, call => Assert.False(call.Release()));
        Assert.Equal(0, gate.PlanInFlight);
    }

    [Fact]
    public void Gate_AdmissionsRacingDeletions_NeverAdmitIntoAForgottenCounter()
    {
        // R6 + R13, G4, G7: Apply forgets a deleted environment that has no call; an admission racing with that must either
        // land in a counter the gate still holds or undo itself. Each caller calls in its own environment, which is
        // deleted and created again all the time, and checks after each admission that the gate counts its call.
        var first = Environments[0];
        var second = Environments[1];
        var both = ConcurrencyAllocation.Create(4, [KeyValuePair.Create(first, 2), KeyValuePair.Create(second, 2)]);
        var onlyFirst = ConcurrencyAllocation.Create(4, [KeyValuePair.Create(first, 2)]);
        var onlySecond = ConcurrencyAllocation.Create(4, [KeyValuePair.Create(second, 2)]);
        var gate = new CallGate(both);
        var violations = new ConcurrentQueue<string>();
        var admitted = 0;
        var callersDone = 0;

        var callers = new[] { first, second }.Select(environment => new Thread(() =>
        {
            for (var i = 0; i < 300_000; i++)
            {
                if (!gate.TryAdmit(environment).TryGetCall(out var call)) continue;
                Interlocked.Increment(ref admitted);
                if (!gate.TryGetHeadroom(environment, out var headroom) || headroom.EnvironmentInFlight < 1 || gate.PlanInFlight < 1)
                    violations.Enqueue($"an admitted call is not counted: {headroom}, plan {gate.PlanInFlight}");
                if (!call.Release()) violations.Enqueue("a first release returned false");
            }

            Interlocked.Increment(ref callersDone);
        })).ToList();
        var deleter = new Thread(() =>
        {
            var allocations = new[] { both, onlyFirst, both, onlySecond, onlyFirst, onlySecond };
            for (var i = 0; Volatile.Read(ref callersDone) < 2; i++) gate.Apply(allocations[i % allocations.Length]);
        });

        callers.ForEach(caller => caller.Start());
        deleter.Start();
        callers.ForEach(caller => caller.Join());
        deleter.Join();

        Assert.Empty(violations);
        Assert.True(admitted > 1_000, $"only {admitted} calls were admitted: the test did not exercise the gate");
        gate.Apply(ConcurrencyAllocation.Create(0, [KeyValuePair.Create(first, 2), KeyValuePair.Create(second, 2)])); // counted: no place may be left over
        Assert.Equal(0, gate.PlanInFlight);
        Assert.Equal(2, gate.EnvironmentsHeld);
    }

    [Theory]
    [InlineData(false)] // the plan is lowered below the limits and raised again
    [InlineData(true)]  // an environment is created beyond the most the gate sums, and deleted again
    public void PlanInFlight_WhileApplySwitchesCountingOnAndOff_NeverReadsBelowTheCallsHeld(bool bySize)
    {
        // G6 (issue 10): with 50 calls held throughout, PlanInFlight (and the plan figures of a refusal's headroom) read 0
        // or 30 when an Apply stopped counting the plan between the reader's look at the mode and its read of the
        // half-drained counter, so the headroom showed room that was not there. Headroom may understate room, never
        // overstate it: no read may be below the calls held throughout.
        const int held = 50;
        var busy = Environments[0];
        var paused = Environments[1];
        // Three environments (the fewer, the faster Apply switches); by size, as many as the gate sums, and one more.
        var others = Enumerable.Range(0, bySize ? CallGate.MostEnvironmentsSummed - 2 : 0)
            .Select(i => KeyValuePair.Create(new EnvironmentId(new Guid(100 + i, 1, 0x7000, 0x80, 0, 0, 0, 0, 0, 0, 1)), 0));
        var limits = new[] { KeyValuePair.Create(busy, 60), KeyValuePair.Create(paused, 0), KeyValuePair.Create(Environments[2], 40) }.Concat(others).ToList();
        var fits = ConcurrencyAllocation.Create(100, limits.SkipLast(bySize ? 1 : 0));
        var overAllocated = bySize
            ? ConcurrencyAllocation.Create(100, limits)  // one environment more than the gate sums: it counts the plan
            : ConcurrencyAllocation.Create(60, limits);  // limits above the plan: it counts the plan
        var gate = new CallGate(fits);
        Assert.False(gate.IsCountingPlan);
        gate.Apply(overAllocated);
        Assert.True(gate.IsCountingPlan);
        gate.Apply(fits);
        var calls = Enumerable.Range(0, held).Select(_ => gate.TryAdmit(busy).TryGetCall(out var call) ? call : default).ToList();
        Assert.All(calls, call => Assert.True(call.IsAdmitted));
        var stop = 0;
        var switches = 0;

        var switcher = new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                gate.Apply(overAllocated);
                gate.Apply(fits);
                switches++;
            }
        });
        switcher.Start();
        var lowest = int.MaxValue;
        var reads = 0L;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 1_500 && lowest >= held)
        {
            for (var i = 0; i < 1_000; i++)
            {
                lowest = Math.Min(lowest, gate.PlanInFlight);
                gate.TryAdmit(paused).Switch(
                    _ => throw new InvalidOperationException("a paused environment admitted a call"),
                    full => lowest = Math.Min(lowest, full.Headroom.PlanInFlight),
                    plan => lowest = Math.Min(lowest, plan.Headroom.PlanInFlight),
                    _ => throw new InvalidOperationException("the environment is known"));
            }

            reads += 2_000;
        }

        Volatile.Write(ref stop, 1);
        switcher.Join();

        Assert.True(lowest >= held, $"read {lowest} calls in flight with {held} held ({reads:N0} reads, {switches:N0} switches on and off)");
        Assert.True(switches > 100, $"only {switches} switches: the test did not exercise the race");
        calls.ForEach(call => Assert.True(call.Release()));
        Assert.Equal(0, gate.PlanInFlight);
    }

    // Records the most seen so far across threads.
    private static void RaiseTo(ref int most, int seen)
    {
        for (var current = Volatile.Read(ref most); seen > current; current = Volatile.Read(ref most))
            Interlocked.CompareExchange(ref most, seen, current);
    }

    // Plan 0–8; each environment absent (−1, deleted), paused (0) or 1–5: sums above the plan happen often (R12).
    private static (int Plan, int[] Limits) RandomAllocation(Random random)
    {
        var plan = random.Next(0, 9);
        var limits = Environments.Select(_ => random.Next(10) switch { 0 => -1, 1 => 0, _ => random.Next(1, 6) }).ToArray();
        return (plan, limits);
    }

    private static ConcurrencyAllocation ToAllocation(int plan, int[] limits) =>
        ConcurrencyAllocation.Create(plan, Environments.Select((id, e) => KeyValuePair.Create(id, limits[e])).Where(l => l.Value >= 0));
}
