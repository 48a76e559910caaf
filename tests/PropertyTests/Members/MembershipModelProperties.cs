using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit.Abstractions;

namespace Fluents.Settings.PropertyTests.Members;

/// <summary>The account against the model over random operation sequences (R14–R23).</summary>
public class MembershipModelProperties(ITestOutputHelper output)
{
    private static readonly MembershipMachine Machine = new();

    private static Arbitrary<MachineRun<MembershipHarness, MembershipModel>> Runs { get; } =
        Arb.From(StateMachine.Generate(Machine), run => StateMachine.Shrink(Machine, run));

    internal static MembershipModel Final(MachineRun<MembershipHarness, MembershipModel> run) =>
        run.Operations.IsEmpty ? run.Setup.Item1 : run.Operations.Last().Item2;

    [Property(MaxTest = 300, EndSize = 60)]
    public Property Account_AfterEveryStep_AgreesWithTheModelAndKeepsItsInvariants_R16_R19_R20_R21_R22() =>
        Prop.ForAll(Runs, run =>
        {
            var hits = Final(run).Hits;
            return StateMachine.ForOne(run)
                .Classify(hits.Contains(Edges.ClockOnExpiresAt), Edges.ClockOnExpiresAt)
                .Classify(hits.Contains(Edges.LastAdminRefused), "last Admin refused")
                .Classify(hits.Contains(Edges.Renewed), "renewed")
                .Classify(hits.Contains(Edges.Accepted), "accepted");
        });

    /// <summary>
    /// The generators must reach the edges on purpose, not by luck: a fixed sample of runs, with the share of runs
    /// that reached each edge printed (and a floor well under the usual share, so the test is stable).
    /// </summary>
    [Fact]
    public void Generators_ReachEveryEdgeInAGoodShareOfRuns()
    {
        const int samples = 200;
        var finals = StateMachine.Generate(Machine).Sample(numberOfSamples: samples, size: 50).Select(Final).ToArray();
        var reached = finals.SelectMany(f => f.Hits).GroupBy(hit => hit).ToDictionary(g => g.Key, g => g.Count() * 100.0 / samples);
        foreach (var (hit, share) in reached.OrderByDescending(kv => kv.Value)) output.WriteLine($"{share,5:0.0}% {hit}");

        Assert.All(
            new[] { Edges.ClockOnExpiresAt, Edges.LastAdminRefused, Edges.Renewed, Edges.RenewedAtBoundary, Edges.Accepted, Edges.AcceptRefusedAtBoundary },
            edge => Assert.True(reached.GetValueOrDefault(edge) >= 5, $"only {reached.GetValueOrDefault(edge):0.0}% of runs reached '{edge}'"));
        Assert.All(
            new[] { "InvitationTokenMismatch", "InvitationEmailMismatch", "InvitationExpired", "InvitationWasRevoked", "InvitationAlreadyAccepted", "NotPermitted", "CannotChangeOwnRole", "InvitationAlreadyOpen", "AlreadyMember", "InvalidInvitationValidity" },
            refusal => Assert.True(reached.GetValueOrDefault(refusal) >= 5, $"only {reached.GetValueOrDefault(refusal):0.0}% of runs reached {refusal}"));
    }
}
