using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Invitations;
using Fluents.Settings.PropertyTests.Members;

namespace Fluents.Settings.PropertyTests.Invitations;

/// <summary>Only hashes are kept (R23): no rendering of anything the account holds or returns contains a token.</summary>
public class TokenSecrecyProperties
{
    private static readonly MembershipMachine Machine = new();

    [Property(MaxTest = 100, EndSize = 60)]
    public Property Rendering_AfterAnyOperations_NeverContainsAnIssuedToken_R23() =>
        Prop.ForAll(StateMachine.Generate(Machine).ToArbitrary(), run =>
        {
            // Replays the generated operations on a fresh account; their checks are the other property's business.
            var harness = run.Setup.Item2.Actual();
            foreach (var (operation, model) in run.Operations) operation.Check(harness, model);

            var text = Render(harness);
            var leaked = harness.Tokens.Where(token => text.Contains(token.Reveal(), StringComparison.Ordinal)).ToArray();

            return (leaked.Length == 0).Label($"{leaked.Length} of {harness.Tokens.Count} tokens appear in the rendered text")
                .Classify(harness.Tokens.Count >= 5, "5 or more tokens issued")
                .Classify(harness.Tokens.Count > harness.InvitationIds.Count, "some tokens replaced by renew or resend")
                .Classify(harness.Account.Invitations.Any(i => i.State == InvitationState.Accepted), "some invitation accepted");
        });

    /// <summary>Everything a host could log or store: snapshot (as JSON and record by record), events, results, errors, read models.</summary>
    private static string Render(MembershipHarness harness)
    {
        var account = harness.Account;
        var snapshot = account.ToSnapshot();
        var text = new StringBuilder()
            .AppendLine(JsonSerializer.Serialize(snapshot))
            .AppendLine(snapshot.ToString())
            .AppendLine(account.ToString());
        foreach (var item in snapshot.Members) text.AppendLine(item.ToString());
        foreach (var item in snapshot.Invitations) text.AppendLine(item.ToString());
        foreach (var item in snapshot.Environments) text.AppendLine(item.ToString());
        foreach (var item in account.Members) text.AppendLine(item.ToString());
        foreach (var item in account.Invitations) text.AppendLine(item.ToString());
        foreach (var item in account.PendingEvents) text.AppendLine(item.ToString());
        foreach (var item in harness.Results) text.AppendLine(item.ToString()).AppendLine((item as DomainError)?.Message);
        var viewer = account.Members.First().UserId;
        foreach (var row in account.ViewPendingInvitations(viewer, TestAccounts.Now).Value) text.AppendLine(row.ToString());
        foreach (var row in account.ViewUsers(viewer).Value) text.AppendLine(row.ToString());
        return text.ToString();
    }
}
