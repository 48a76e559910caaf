using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.PropertyTests.Concurrency;

/// <summary>
/// R13 with many calls in one environment: beyond its 32 fast seats the gate takes overflow seats, and with the
/// plan counted (limits above P) it takes a plan place too. Random runs of admissions, releases and repeated
/// releases, with up to a few hundred calls in flight, compared with a counter. Protects G1 (no admission past the binding
/// limit), G3 (overflow seats: distinct calls, each released once) and, in the counted variant, G4 (the plan's counter
/// equals the calls held after every step); see docs/call-gate.md.
/// </summary>
public class CallGateSeatProperties
{
    private static readonly EnvironmentId Busy = new(new Guid(9, 0, 0x7000, 0x80, 0, 0, 0, 0, 0, 0, 9));
    private static readonly EnvironmentId Quiet = new(new Guid(10, 0, 0x7000, 0x80, 0, 0, 0, 0, 0, 0, 10));

    // Each step is a number 0–99: below 60 admit, below 92 release a held call, else release a released one again;
    // the number also picks which call (modulo the count), so that a failing run shrinks to its steps.
    private static readonly Arbitrary<(bool PlanCounted, int[] Steps)> Runs =
        (from planCounted in Gen.Elements(false, true)
         from length in Gen.Choose(50, 600)
         from steps in Gen.Choose(0, 99).ArrayOf(length)
         select (planCounted, steps)).ToArbitrary();

    [Property(MaxTest = 60)]
    public Property ManyCallsInOneEnvironment_AreCountedExactlyAndReleasedOnce() => Prop.ForAll(Runs, run =>
    {
        const int environmentLimit = 120;
        var planLimit = run.PlanCounted ? 90 : 200; // 120 + 80 = 200: fits; above 90: the plan is counted
        var gate = new CallGate(ConcurrencyAllocation.Create(planLimit, [KeyValuePair.Create(Busy, environmentLimit), KeyValuePair.Create(Quiet, 80)]));
        var held = new List<AdmittedCall>();
        var released = new List<AdmittedCall>();
        var mostHeld = 0;

        foreach (var step in run.Steps)
        {
            if (step < 60 || held.Count == 0)
            {
                var expected = held.Count < Math.Min(environmentLimit, planLimit);
                var admission = gate.TryAdmit(Busy);
                if (admission.IsAdmitted != expected) return false.Label($"admission at {held.Count} held: got {admission}");
                if (admission.TryGetCall(out var call)) held.Add(call);
            }
            else if (step < 92)
            {
                var index = step % held.Count;
                var call = held[index];
                held.RemoveAt(index);
                if (!call.Release()) return false.Label("a first release returned false");
                released.Add(call);
            }
            else if (released.Count > 0 && released[step % released.Count].Release())
            {
                return false.Label("a repeated release freed a call");
            }

            mostHeld = Math.Max(mostHeld, held.Count);
            if (gate.PlanInFlight != held.Count) return false.Label($"plan counts {gate.PlanInFlight}, {held.Count} held");
        }

        var distinct = held.Distinct().Count() == held.Count;
        held.ForEach(call => call.Release());
        return (distinct && gate.PlanInFlight == 0 && gate.IsCountingPlan == run.PlanCounted)
            .Label("held calls are distinct and all release")
            .Classify(mostHeld > 32, "overflow seats used")
            .Classify(mostHeld >= Math.Min(environmentLimit, planLimit), "reached the binding limit");
    });
}
