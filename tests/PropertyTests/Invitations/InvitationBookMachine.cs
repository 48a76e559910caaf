using System.Collections.Immutable;
using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using static Fluents.Settings.Testing.TestParts;

namespace Fluents.Settings.PropertyTests.Invitations;

/// <summary>
/// Model-based test of <see cref="InvitationBook"/> (with the <see cref="MemberRoster"/> its rule asks): random
/// sequences of invitations (often to an email that is a member's or already invited, in another spelling),
/// revocations, acceptances, members leaving and closed invitations loaded as from a snapshot, each asked of the
/// rules first as the account does (R19, joining once). After every step the invitations by id, the open one of each
/// email (asked for every address in two spellings) and the token scan (R22) agree with the model.
/// </summary>
public class InvitationBookProperties
{
    [Property(MaxTest = 300, EndSize = 60)]
    public Property Book_AfterEveryStep_KeepsItsIndexesInStepWithTheModel_R19() => new InvitationBookMachine().ToProperty();
}

/// <summary>The account's two collections that R19 reads.</summary>
internal sealed record InvitationBookHarness(MemberRoster Members, InvitationBook Book);

/// <summary>The model: members by user number with their mailbox, invitations by slot with their mailbox and state.</summary>
internal sealed record InvitationBookModel(
    ImmutableSortedDictionary<int, int> Members,
    ImmutableSortedDictionary<int, (int Email, InvitationState State)> Invitations,
    int NextSlot,
    string Expected)
{
    public const string Ok = "ok";
    public const string NotFound = "not found";
    public const string Closed = "closed";
    public const int People = 5;

    public static string Spelling(int email, bool shouted) => shouted ? $"\tGuest{email}@Example.ORG" : $"guest{email}@example.org";

    public bool IsMemberEmail(int email) => Members.Values.Contains(email);

    /// <summary>The slot of the email's open invitation, or <c>null</c>.</summary>
    public int? OpenSlotOf(int email)
    {
        foreach (var (slot, invitation) in Invitations)
        {
            if (invitation.Email == email && invitation.State == InvitationState.Open) return slot;
        }
        return null;
    }

    public InvitationBookModel Refused(string error) => this with { Expected = error };

    public InvitationBookModel Done() => this with { Expected = Ok };
}

internal sealed class InvitationBookMachine : Machine<InvitationBookHarness, InvitationBookModel>
{
    private static readonly Gen<int> AnyPerson = Gen.Choose(0, InvitationBookModel.People - 1);

    public override Arbitrary<Setup<InvitationBookHarness, InvitationBookModel>> Setup =>
        Gen.Constant(StateMachine.Setup(
                () =>
                {
                    var members = new MemberRoster();
                    members.Add(AMember(0, InvitationBookModel.Spelling(0, false), Role.Admin));
                    return new InvitationBookHarness(members, new InvitationBook());
                },
                () => new InvitationBookModel(
                    ImmutableSortedDictionary<int, int>.Empty.Add(0, 0), ImmutableSortedDictionary<int, (int, InvitationState)>.Empty, 0, InvitationBookModel.Ok)))
            .ToArbitrary();

    public override Gen<Operation<InvitationBookHarness, InvitationBookModel>> Next(InvitationBookModel model) =>
        Gen.Frequency(
            (5, from email in AnyPerson from shouted in Gen.Elements(false, true) select Step(new InviteStep(model.NextSlot, email, shouted))),
            (2, from slot in Slot(model) select Step(new RevokeStep(slot))),
            (3, from slot in Slot(model) from user in Gen.Frequency((3, Gen.Constant(-1)), (1, AnyPerson)) select Step(new AcceptStep(slot, user))),
            (1, from user in AnyPerson select Step(new LeaveStep(user))),
            (1, from email in AnyPerson from state in Gen.Elements(InvitationState.Revoked, InvitationState.Accepted) select Step(new LoadClosedStep(model.NextSlot, email, state))));

    private static Operation<InvitationBookHarness, InvitationBookModel> Step(InvitationBookStep step) => step;

    /// <summary>Mostly an open invitation, sometimes any, rarely one that does not exist.</summary>
    private static Gen<int> Slot(InvitationBookModel model)
    {
        var open = model.Invitations.Where(i => i.Value.State == InvitationState.Open).Select(i => i.Key).ToArray();
        var any = Gen.Choose(0, model.NextSlot);
        return open.Length == 0 ? any : Gen.Frequency((4, Gen.Elements(open)), (1, any));
    }

    /// <summary>One step: its effect on the model, then on the collections after asking the rules, then every index against the model.</summary>
    private abstract class InvitationBookStep : Operation<InvitationBookHarness, InvitationBookModel>
    {
        protected abstract string Act(InvitationBookHarness actual);

        public override Property Check(InvitationBookHarness actual, InvitationBookModel model)
        {
            var outcome = Act(actual);
            var failures = new List<string>();
            if (outcome != model.Expected) failures.Add($"returned {outcome} but the model expected {model.Expected}");
            failures.AddRange(Disagreements(actual, model));
            return (failures.Count == 0).Label($"after {this}: {string.Join("; ", failures)}");
        }

        protected static string Outcome(object? refusal) => refusal?.GetType().Name ?? InvitationBookModel.Ok;

        private static IEnumerable<string> Disagreements(InvitationBookHarness actual, InvitationBookModel model)
        {
            var book = actual.Book;
            if (book.Count != model.Invitations.Count) yield return $"{book.Count} invitations, model {model.Invitations.Count}";
            if (actual.Members.Count != model.Members.Count) yield return $"{actual.Members.Count} members, model {model.Members.Count}";

            var open = book.Open.Select(i => i.Id.Value).Order().ToArray();
            var wantedOpen = model.Invitations.Where(i => i.Value.State == InvitationState.Open).Select(i => InvitationNumber(i.Key).Value).Order().ToArray();
            if (!open.SequenceEqual(wantedOpen)) yield return $"open [{string.Join(", ", open)}], model [{string.Join(", ", wantedOpen)}]";

            for (var slot = 0; slot < model.NextSlot; slot++)
            {
                var found = book.Find(InvitationNumber(slot));
                if (!model.Invitations.TryGetValue(slot, out var wanted))
                {
                    if (found is not null) yield return $"#{slot} should not exist";
                    continue;
                }
                if (found is null || !book.Contains(found.Id))
                {
                    yield return $"#{slot} is missing";
                    continue;
                }
                if (found.State != wanted.State || found.Email != Email(InvitationBookModel.Spelling(wanted.Email, false)))
                    yield return $"#{slot} is {found}, model {wanted}";
                // R22: the scan finds every invitation, open or closed, by its token's hash.
                if (book.FindByToken(TokenHash(slot)) != found) yield return $"#{slot} is not found by its token";
            }
            if (book.FindByToken(TokenHash(model.NextSlot + 1_000)) is not null) yield return "an unknown token found an invitation";

            // R19: asked for every address, in both spellings, as Invite and FromSnapshot ask it.
            for (var person = 0; person < InvitationBookModel.People; person++)
            {
                foreach (var shouted in new[] { false, true })
                {
                    var email = Email(InvitationBookModel.Spelling(person, shouted));
                    var refused = book.OneOpenInvitationPerEmail(email, actual.Members);
                    object? got = refused?.Match<object>(member => member, alreadyOpen => alreadyOpen);
                    object? expected = model.IsMemberEmail(person) ? new AlreadyMember(email.Value)
                        : model.OpenSlotOf(person) is { } slot ? new InvitationAlreadyOpen(InvitationNumber(slot), email.Value)
                        : null;
                    if (!Equals(got, expected)) yield return $"R19 for '{email}': {got?.ToString() ?? "free"}, model {expected?.ToString() ?? "free"}";
                }
            }
        }
    }

    private sealed class InviteStep(int slot, int email, bool shouted) : InvitationBookStep
    {
        public override bool Pre(InvitationBookModel model) => !model.Invitations.ContainsKey(slot);

        public override InvitationBookModel Run(InvitationBookModel model)
        {
            var next = model with { NextSlot = Math.Max(model.NextSlot, slot + 1) };
            if (model.IsMemberEmail(email)) return next.Refused(nameof(AlreadyMember));
            if (model.OpenSlotOf(email) is not null) return next.Refused(nameof(InvitationAlreadyOpen));
            return next.Done() with { Invitations = model.Invitations.Add(slot, (email, InvitationState.Open)) };
        }

        protected override string Act(InvitationBookHarness actual)
        {
            var address = Email(InvitationBookModel.Spelling(email, shouted));
            if (actual.Book.OneOpenInvitationPerEmail(address, actual.Members) is { } refused) return refused.Match<string>(Outcome, Outcome);
            actual.Book.Add(AnOpenInvitation(slot, address.Value));
            return Outcome(null);
        }

        public override string ToString() => $"invite #{slot} '{InvitationBookModel.Spelling(email, shouted)}'";
    }

    private sealed class RevokeStep(int slot) : InvitationBookStep
    {
        public override InvitationBookModel Run(InvitationBookModel model)
        {
            if (!model.Invitations.TryGetValue(slot, out var invitation)) return model.Refused(InvitationBookModel.NotFound);
            if (invitation.State != InvitationState.Open) return model.Refused(InvitationBookModel.Closed);
            return model.Done() with { Invitations = model.Invitations.SetItem(slot, invitation with { State = InvitationState.Revoked }) };
        }

        protected override string Act(InvitationBookHarness actual)
        {
            if (!actual.Book.TryGet(InvitationNumber(slot), out var invitation)) return InvitationBookModel.NotFound;
            if (!invitation.IsOpen) return InvitationBookModel.Closed;
            actual.Book.Close(invitation, InvitationState.Revoked, TestAccounts.Now, null);
            return Outcome(null);
        }

        public override string ToString() => $"revoke #{slot}";
    }

    /// <summary>Accepted by the invitee (user = their mailbox number, -1) or by another person with the same email.</summary>
    private sealed class AcceptStep(int slot, int user) : InvitationBookStep
    {
        public override InvitationBookModel Run(InvitationBookModel model)
        {
            if (!model.Invitations.TryGetValue(slot, out var invitation)) return model.Refused(InvitationBookModel.NotFound);
            if (invitation.State != InvitationState.Open) return model.Refused(InvitationBookModel.Closed);
            var joining = user < 0 ? invitation.Email : user;
            if (model.Members.ContainsKey(joining) || model.IsMemberEmail(invitation.Email)) return model.Refused(nameof(AlreadyMember));
            return model.Done() with
            {
                Invitations = model.Invitations.SetItem(slot, invitation with { State = InvitationState.Accepted }),
                Members = model.Members.Add(joining, invitation.Email),
            };
        }

        protected override string Act(InvitationBookHarness actual)
        {
            if (!actual.Book.TryGet(InvitationNumber(slot), out var invitation)) return InvitationBookModel.NotFound;
            if (!invitation.IsOpen) return InvitationBookModel.Closed;
            var joining = user < 0 ? MailboxOf(invitation) : user;
            if (actual.Members.NotYetAMember(UserNumber(joining), invitation.Email) is { } already) return Outcome(already);
            actual.Book.Close(invitation, InvitationState.Accepted, TestAccounts.Now, UserNumber(joining));
            actual.Members.Add(AMember(joining, invitation.Email.Value));
            return Outcome(null);
        }

        private static int MailboxOf(Invitation invitation) =>
            Enumerable.Range(0, InvitationBookModel.People).Single(p => Email(InvitationBookModel.Spelling(p, false)) == invitation.Email);

        public override string ToString() => $"accept #{slot} as {(user < 0 ? "the invitee" : $"user {user}")}";
    }

    private sealed class LeaveStep(int user) : InvitationBookStep
    {
        public override InvitationBookModel Run(InvitationBookModel model) =>
            model.Members.ContainsKey(user) ? model.Done() with { Members = model.Members.Remove(user) } : model.Refused(InvitationBookModel.NotFound);

        protected override string Act(InvitationBookHarness actual)
        {
            if (!actual.Members.TryGet(UserNumber(user), out var member)) return InvitationBookModel.NotFound;
            actual.Members.Remove(member);
            return Outcome(null);
        }

        public override string ToString() => $"user {user} leaves";
    }

    /// <summary>A closed invitation read from a snapshot: kept, never open, whatever the email.</summary>
    private sealed class LoadClosedStep(int slot, int email, InvitationState state) : InvitationBookStep
    {
        public override bool Pre(InvitationBookModel model) => !model.Invitations.ContainsKey(slot);

        public override InvitationBookModel Run(InvitationBookModel model) =>
            model.Done() with { Invitations = model.Invitations.Add(slot, (email, state)), NextSlot = Math.Max(model.NextSlot, slot + 1) };

        protected override string Act(InvitationBookHarness actual)
        {
            var open = AnOpenInvitation(slot, InvitationBookModel.Spelling(email, false));
            var closed = new Invitation(
                open.Id, open.Email, open.Role, open.InvitedBy, open.InvitedByName, open.CreatedAt, open.ExpiresAt, open.TokenHash,
                state, TestAccounts.Now, state == InvitationState.Accepted ? UserNumber(email) : null);
            actual.Book.Add(closed);
            return Outcome(null);
        }

        public override string ToString() => $"load #{slot} '{InvitationBookModel.Spelling(email, false)}' {state}";
    }
}
