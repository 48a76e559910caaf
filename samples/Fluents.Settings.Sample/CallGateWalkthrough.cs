using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Sample;

/// <summary>
/// The call gate at work (R13): calls are admitted into an environment until it is full, the refusal says
/// why and how much headroom is left, a hang-up frees one place (once), and a lowered limit cuts nothing
/// but refuses new calls until enough have ended.
/// </summary>
internal static class CallGateWalkthrough
{
    /// <summary>Runs the walkthrough and prints what happens.</summary>
    /// <param name="allocation">The account's current allocation; <paramref name="environment"/> must be in it with a limit of at least 2.</param>
    /// <param name="environment">The environment the calls come in to.</param>
    /// <param name="lowerLimitTo">
    /// Saves a lower Max Concurrent Calls for <paramref name="environment"/> (through the account, in the real
    /// story) and returns the account's allocation afterwards.
    /// </param>
    public static async Task RunAsync(ConcurrencyAllocation allocation, EnvironmentId environment, Func<int, Task<ConcurrencyAllocation>> lowerLimitTo)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(lowerLimitTo);

        Page.Title("Call gate: Max Concurrent Calls enforced when calls start (R13)");
        var gate = new CallGate(allocation);
        Page.Say($"Plan: {gate.PlanLimit} concurrent calls; this environment: {allocation.LimitOf(environment)}.");

        // Call start: admit until the gate refuses. A real host keeps each AdmittedCall with its call.
        var calls = new List<AdmittedCall>();
        while (true)
        {
            var admission = gate.TryAdmit(environment);
            if (admission.TryGetCall(out var call))
            {
                calls.Add(call);
                continue;
            }

            Page.Say($"Admitted {calls.Count} calls; the next one is refused:");
            Page.Say("  " + Describe(admission));
            break;
        }

        // Hang-up: release once. A repeated release (say, a retried webhook) frees nothing.
        var hungUp = calls[^1];
        calls.RemoveAt(calls.Count - 1);
        Page.Say($"One call hangs up: released = {hungUp.Release()}; the same hang-up again: released = {hungUp.Release()}.");
        Print(gate, environment);
        Page.Say($"A new call: {Outcome(gate.TryAdmit(environment), calls)}.");

        // An admin lowers the limit below the calls in flight; the host applies the saved allocation.
        var lowered = Math.Max(1, calls.Count - 2);
        gate.Apply(await lowerLimitTo(lowered));
        Page.Say($"The admin lowers Max Concurrent Calls to {lowered} while {calls.Count} calls run: none is cut.");
        Print(gate, environment);
        Page.Say($"A new call: {Outcome(gate.TryAdmit(environment), calls)}.");

        var ended = 0;
        while (gate.TryGetHeadroom(environment, out var headroom) && headroom.EnvironmentInFlight >= lowered && calls.Count > 0)
        {
            calls[^1].Release();
            calls.RemoveAt(calls.Count - 1);
            ended++;
        }

        Page.Say($"After {ended} more calls end, there is room again: {Outcome(gate.TryAdmit(environment), calls)}.");
        Print(gate, environment);

        foreach (var call in calls) call.Release();
        Page.Say($"Every call hangs up: {gate.PlanInFlight} calls in flight across the account.");
    }

    private static string Outcome(CallAdmission admission, List<AdmittedCall> calls)
    {
        if (!admission.TryGetCall(out var call)) return "refused — " + Describe(admission);
        calls.Add(call);
        return "admitted";
    }

    // Every refusal has a code, a message and the headroom: one generic method describes all three kinds.
    private static string Describe(CallAdmission refusal) =>
        refusal.Match(call => "admitted", Describe, Describe, Describe);

    private static string Describe<TRefusal>(TRefusal refusal) where TRefusal : ICallRefusal =>
        $"{refusal.Code}: {refusal.Message} (remaining now: {refusal.Headroom.Remaining})";

    private static void Print(CallGate gate, EnvironmentId environment)
    {
        gate.TryGetHeadroom(environment, out var headroom);
        Page.Say(
            $"  In use now: {headroom.EnvironmentInFlight} of {headroom.EnvironmentLimit} in the environment, "
            + $"{headroom.PlanInFlight} of {headroom.PlanLimit} in the plan; remaining {headroom.Remaining}.");
    }
}
