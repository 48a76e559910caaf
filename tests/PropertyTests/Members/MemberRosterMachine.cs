using System.Collections.Immutable;
using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Members;
using static Fluents.Settings.Testing.TestParts;

namespace Fluents.Settings.PropertyTests.Members;

/// <summary>
/// Model-based test of <see cref="MemberRoster"/> alone: random sequences of joins (sometimes with an email that is
/// already a member's), role changes, removals and departures, each asked of the roster's rules first as the account
/// does (R16, joining once), against a model that is a plain map. After every step the ids, the email index (asked
/// for every address, in several spellings) and the Admin count agree with the model, and R16 answers for every
/// member and every action exactly as the model does.
/// </summary>
public class MemberRosterProperties
{
    [Property(MaxTest = 300, EndSize = 60)]
    public Property Roster_AfterEveryStep_KeepsItsIndexesInStepWithTheModel_R16() => new MemberRosterMachine().ToProperty();
}

/// <summary>The model: members by user number, each with the number of the mailbox they joined with and their role.</summary>
internal sealed record MemberRosterModel(ImmutableSortedDictionary<int, (int Email, Role Role)> Members, string Expected)
{
    public const string Ok = "ok";
    public const string NotFound = "not found";
    public const int People = 6;

    /// <summary>Each mailbox written two ways (case, spaces): one address (R18).</summary>
    public static string Spelling(int email, bool shouted) => shouted ? $" PERSON{email}@EXAMPLE.com " : $"person{email}@example.com";

    public int Admins => Members.Values.Count(m => m.Role == Role.Admin);

    public bool IsMemberEmail(int email) => Members.Values.Any(m => m.Email == email);

    /// <summary>R16, said independently: an Admin losing the role or the account while they are the only Admin.</summary>
    public bool IsLastAdminGoing(int user, Role? newRole) => Members[user].Role == Role.Admin && newRole != Role.Admin && Admins == 1;

    public MemberRosterModel Refused(string error) => this with { Expected = error };
}

internal sealed class MemberRosterMachine : Machine<MemberRoster, MemberRosterModel>
{
    private static readonly Gen<int> AnyPerson = Gen.Choose(0, MemberRosterModel.People - 1);

    private static readonly Gen<Role> AnyRole = Gen.Elements(Role.Admin, Role.Member);

    public override Arbitrary<Setup<MemberRoster, MemberRosterModel>> Setup =>
        Gen.Constant(StateMachine.Setup(
                () =>
                {
                    var roster = new MemberRoster();
                    roster.Add(AMember(0, MemberRosterModel.Spelling(0, false), Role.Admin));
                    return roster;
                },
                () => new MemberRosterModel(ImmutableSortedDictionary<int, (int, Role)>.Empty.Add(0, (0, Role.Admin)), MemberRosterModel.Ok)))
            .ToArbitrary();

    public override Gen<Operation<MemberRoster, MemberRosterModel>> Next(MemberRosterModel model) =>
        Gen.Frequency(
            (4, from user in AnyPerson
                from email in Gen.Frequency((4, Gen.Constant(user)), (1, AnyPerson))
                from shouted in Gen.Elements(false, true)
                from role in AnyRole
                select Step(new JoinStep(user, email, shouted, role))),
            (4, from user in Member(model) from role in AnyRole select Step(new RoleStep(user, role))),
            (2, from user in Member(model) from action in Gen.Elements(LastAdminAction.Remove, LastAdminAction.Leave) select Step(new GoStep(user, action))));

    private static Operation<MemberRoster, MemberRosterModel> Step(MemberRosterStep step) => step;

    /// <summary>Mostly a member (the last Admin among them), sometimes anyone.</summary>
    private static Gen<int> Member(MemberRosterModel model) =>
        Gen.Frequency((5, Gen.Elements(model.Members.Keys.ToArray())), (1, AnyPerson));

    /// <summary>One step: its effect on the model, then on the roster after asking its rules, then every index against the model.</summary>
    private abstract class MemberRosterStep : Operation<MemberRoster, MemberRosterModel>
    {
        protected abstract string Act(MemberRoster roster);

        public override Property Check(MemberRoster roster, MemberRosterModel model)
        {
            var outcome = Act(roster);
            var failures = new List<string>();
            if (outcome != model.Expected) failures.Add($"returned {outcome} but the model expected {model.Expected}");
            failures.AddRange(Disagreements(roster, model));
            return (failures.Count == 0).Label($"after {this}: {string.Join("; ", failures)}");
        }

        protected static string Outcome(object? refusal) => refusal?.GetType().Name ?? MemberRosterModel.Ok;

        private static IEnumerable<string> Disagreements(MemberRoster roster, MemberRosterModel model)
        {
            if (roster.Count != model.Members.Count) yield return $"{roster.Count} members, model {model.Members.Count}";
            if (roster.AdminCount != model.Admins) yield return $"{roster.AdminCount} Admins, model {model.Admins}";
            if (roster.Values.Count(m => m.Role == Role.Admin) != roster.AdminCount) yield return "the Admin count is not the number of Admins";

            for (var person = 0; person < MemberRosterModel.People; person++)
            {
                // The email index, asked in both spellings of each address.
                foreach (var shouted in new[] { false, true })
                {
                    var indexed = roster.ContainsEmail(Email(MemberRosterModel.Spelling(person, shouted)));
                    if (indexed != model.IsMemberEmail(person)) yield return $"mailbox {person} indexed is {indexed}, model {model.IsMemberEmail(person)}";
                }

                var found = roster.Find(UserNumber(person));
                if (!model.Members.TryGetValue(person, out var wanted))
                {
                    if (found is not null || roster.Contains(UserNumber(person))) yield return $"user {person} is still a member";
                    continue;
                }
                if (found is null)
                {
                    yield return $"user {person} is missing";
                    continue;
                }
                if (found.Role != wanted.Role || found.Email != Email(MemberRosterModel.Spelling(wanted.Email, false)))
                    yield return $"user {person} is {found}, model {wanted}";

                // R16, for every action that could take this member's Admin role away.
                foreach (var (action, newRole) in new (LastAdminAction, Role?)[] { (LastAdminAction.Demote, Role.Member), (LastAdminAction.Demote, Role.Admin), (LastAdminAction.Remove, null), (LastAdminAction.Leave, null) })
                {
                    var refused = roster.LastAdminStays(found, action, newRole);
                    var expected = model.IsLastAdminGoing(person, newRole) ? new LastAdmin(UserNumber(person), action) : null;
                    if (refused != expected) yield return $"R16 for user {person} {action} to {newRole}: {refused?.ToString() ?? "allowed"}, model {expected?.ToString() ?? "allowed"}";
                }
            }
        }
    }

    private sealed class JoinStep(int user, int email, bool shouted, Role role) : MemberRosterStep
    {
        public override MemberRosterModel Run(MemberRosterModel model) =>
            model.Members.ContainsKey(user) || model.IsMemberEmail(email)
                ? model.Refused(nameof(AlreadyMember))
                : model with { Members = model.Members.Add(user, (email, role)), Expected = MemberRosterModel.Ok };

        protected override string Act(MemberRoster roster)
        {
            var address = Email(MemberRosterModel.Spelling(email, shouted));
            if (roster.NotYetAMember(UserNumber(user), address) is { } already) return Outcome(already);
            roster.Add(AMember(user, address.Value, role));
            return Outcome(null);
        }

        public override string ToString() => $"user {user} joins as {role} with '{MemberRosterModel.Spelling(email, shouted)}'";
    }

    private sealed class RoleStep(int user, Role role) : MemberRosterStep
    {
        public override MemberRosterModel Run(MemberRosterModel model)
        {
            if (!model.Members.TryGetValue(user, out var member)) return model.Refused(MemberRosterModel.NotFound);
            if (model.IsLastAdminGoing(user, role)) return model.Refused(nameof(LastAdmin));
            return model with { Members = model.Members.SetItem(user, member with { Role = role }), Expected = MemberRosterModel.Ok };
        }

        protected override string Act(MemberRoster roster)
        {
            if (!roster.TryGet(UserNumber(user), out var member)) return MemberRosterModel.NotFound;
            if (roster.LastAdminStays(member, LastAdminAction.Demote, role) is { } refused) return Outcome(refused);
            roster.ChangeRole(member, role);
            return Outcome(null);
        }

        public override string ToString() => $"user {user} becomes {role}";
    }

    private sealed class GoStep(int user, LastAdminAction action) : MemberRosterStep
    {
        public override MemberRosterModel Run(MemberRosterModel model)
        {
            if (!model.Members.ContainsKey(user)) return model.Refused(MemberRosterModel.NotFound);
            if (model.IsLastAdminGoing(user, null)) return model.Refused(nameof(LastAdmin));
            return model with { Members = model.Members.Remove(user), Expected = MemberRosterModel.Ok };
        }

        protected override string Act(MemberRoster roster)
        {
            if (!roster.TryGet(UserNumber(user), out var member)) return MemberRosterModel.NotFound;
            if (roster.LastAdminStays(member, action) is { } refused) return Outcome(refused);
            roster.Remove(member);
            return Outcome(null);
        }

        public override string ToString() => $"user {user} {(action == LastAdminAction.Leave ? "leaves" : "is removed")}";
    }
}
