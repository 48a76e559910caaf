using System.Text;
using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.PropertyTests.Members;

/// <summary>
/// Model-based test of members and invitations (FsCheck.Experimental <see cref="Machine{TActual,TModel}"/>): random
/// sequences of every member and invitation operation, by admins, members and strangers, with a fake clock that
/// jumps across expiry boundaries and lands exactly on them.
/// </summary>
internal sealed class MembershipMachine : Machine<MembershipHarness, MembershipModel>
{
    private static readonly Duration Tick = Duration.FromTicks(1);

    private static readonly Duration[] Validities =
    [
        Duration.FromHours(1), Duration.FromHours(1) - Tick, Duration.FromHours(2), Duration.FromDays(7), Duration.FromDays(30), Duration.FromDays(30) + Tick,
    ];

    private static readonly Gen<int> AnyPerson = Gen.Choose(0, Person.Cast.Length - 1);

    private static readonly Gen<Role> AnyRole = Gen.Elements(Role.Admin, Role.Member);

    private static readonly Gen<int> AnySpelling = Gen.Choose(0, 2);

    public override Arbitrary<Setup<MembershipHarness, MembershipModel>> Setup =>
        Gen.Choose(1, 100_000).Select(n => (ulong)n)
            .Select(seed => StateMachine.Setup(() => new MembershipHarness(seed), () => MembershipModel.Initial))
            .ToArbitrary();

    public override Gen<Operation<MembershipHarness, MembershipModel>> Next(MembershipModel model) =>
        Gen.Frequency(
            (5, Clock(model)),
            (4, from actor in Actor(model)
                from person in Gen.Frequency((12, AnyPerson), (1, Gen.Constant(Person.NoOne)))
                from spelling in AnySpelling
                from role in AnyRole
                select Step(new InviteStep(actor, person, spelling, role))),
            (5, Accept(model)),
            (2, from actor in Actor(model) from invitation in Invitation(model) select Step(new RenewStep(actor, invitation))),
            (2, from actor in Actor(model) from invitation in Invitation(model) select Step(new ResendStep(actor, invitation))),
            (1, from actor in Actor(model) from invitation in Invitation(model) select Step(new RevokeStep(actor, invitation))),
            (3, from actor in Actor(model) from member in Member(model) from role in AnyRole select Step(new ChangeRoleStep(actor, member, role))),
            (1, from actor in Actor(model) from member in Member(model) select Step(new RemoveStep(actor, member))),
            (1, from actor in Member(model) select Step(new LeaveStep(actor))),
            (1, from actor in Actor(model) from validity in Gen.Elements(Validities) select Step(new SetValidityStep(actor, validity))));

    private static Operation<MembershipHarness, MembershipModel> Step(MembershipStep step) => step;

    /// <summary>Mostly admins (who may act), sometimes members and strangers (who may not).</summary>
    private static Gen<int> Actor(MembershipModel model)
    {
        var admins = model.Members.Where(m => m.Value.Role == Role.Admin).Select(m => m.Key).ToArray();
        return Gen.Frequency((5, Gen.Elements(admins)), (1, Gen.Elements(model.Members.Keys.ToArray())), (1, AnyPerson));
    }

    /// <summary>Mostly members, admins included (the last admin among them), sometimes strangers.</summary>
    private static Gen<int> Member(MembershipModel model) =>
        Gen.Frequency((4, Gen.Elements(model.Members.Keys.ToArray())), (1, AnyPerson));

    /// <summary>Mostly open invitations, sometimes any, rarely one that does not exist.</summary>
    private static Gen<int> Invitation(MembershipModel model)
    {
        var count = model.Invitations.Count;
        if (count == 0) return Gen.Constant(0);
        var open = Enumerable.Range(0, count).Where(i => model.Invitations[i].IsOpen).ToArray();
        return open.Length == 0
            ? Gen.Frequency((6, Gen.Choose(0, count - 1)), (1, Gen.Constant(count)))
            : Gen.Frequency((8, Gen.Elements(open)), (3, Gen.Choose(0, count - 1)), (1, Gen.Constant(count)));
    }

    /// <summary>Usually the invitee with the current token and their own mailbox; sometimes a stale or forged token, someone else, or another mailbox.</summary>
    private static Gen<Operation<MembershipHarness, MembershipModel>> Accept(MembershipModel model)
    {
        if (model.Invitations.Count == 0)
            return from user in AnyPerson from spelling in AnySpelling select Step(new AcceptStep(user, user, spelling, -1));
        return from index in Invitation(model).Select(i => Math.Min(i, model.Invitations.Count - 1))
               let invitation = model.Invitations[index]
               from token in Gen.Frequency((8, Gen.Constant(invitation.Token)), (1, Gen.Choose(0, model.TokensIssued - 1)), (1, Gen.Constant(-1)))
               from user in Gen.Frequency((6, Gen.Constant(invitation.Person)), (1, AnyPerson))
               from email in Gen.Frequency((6, Gen.Constant(invitation.Person)), (1, AnyPerson))
               from spelling in AnySpelling
               select Step(new AcceptStep(user, email, spelling, token));
    }

    /// <summary>Small steps, big jumps, and (when invitations are open) exactly onto an expires-at or one tick either side.</summary>
    private static Gen<Operation<MembershipHarness, MembershipModel>> Clock(MembershipModel model)
    {
        var now = model.Now;
        var choices = new List<(int, Gen<Instant>)>
        {
            (3, Gen.Choose(1, 180).Select(minutes => now + Duration.FromMinutes(minutes))),
            (1, Gen.Choose(1, 12).Select(days => now + Duration.FromDays(days))),
        };
        var boundaries = model.Invitations.Where(i => i.IsOpen && i.ExpiresAt > now).Select(i => i.ExpiresAt).ToArray();
        if (boundaries.Length > 0)
        {
            choices.Add((6, from expiresAt in Gen.Elements(boundaries)
                            from offset in Gen.Frequency((3, Gen.Constant(Duration.Zero)), (1, Gen.Constant(-Tick)), (1, Gen.Constant(Tick)))
                            select expiresAt + offset));
        }
        return Gen.Frequency(choices.ToArray()).Select(to => Step(new ClockStep(to)));
    }
}

/// <summary>
/// One step: runs the operation on the model (<see cref="Run"/>) and on the account (<see cref="Check"/>), then
/// checks the outcome and the whole state against the model, the invariants, and that no token leaked.
/// </summary>
internal abstract class MembershipStep : Operation<MembershipHarness, MembershipModel>
{
    /// <summary>
    /// Performs the operation on the account at the model's clock: what it returned (its success value or its refusal), or
    /// <c>null</c> when only the clock moves.
    /// </summary>
    protected abstract object? Act(MembershipHarness actual, Instant now);

    protected static object Returned<T>(Outcome<T> outcome) =>
        outcome.TryGetValue(out var value, out var refusal) ? value! : refusal;

    public override Property Check(MembershipHarness actual, MembershipModel model)
    {
        var account = actual.Account;
        var before = account.ToSnapshot();
        var eventsBefore = account.PendingEvents.Count;

        var result = Act(actual, model.Now);
        actual.Remember(result);

        var failures = new List<string>();
        var outcome = result is DomainError error ? error.GetType().Name : MembershipModel.Ok;
        if (outcome != model.Expected) failures.Add($"returned {result} but the model expected {model.Expected}");
        if (outcome != MembershipModel.Ok)
        {
            if (!before.Equals(account.ToSnapshot())) failures.Add("a refused operation changed the snapshot");
            if (account.Version != before.Version) failures.Add("a refused operation changed the version");
            if (account.PendingEvents.Count != eventsBefore) failures.Add("a refused operation recorded an event");
        }
        failures.AddRange(Invariants.Broken(account));
        failures.AddRange(Disagreements(actual, model));
        failures.AddRange(Leaks(actual, result, account.PendingEvents.Skip(eventsBefore)));
        return (failures.Count == 0).Label($"after {this}: {string.Join("; ", failures)}");
    }

    private static IEnumerable<string> Disagreements(MembershipHarness actual, MembershipModel model)
    {
        var account = actual.Account;
        if (account.Version != model.Version) yield return $"version {account.Version}, model {model.Version}";
        if (account.InvitationValidity != model.Validity) yield return $"validity {account.InvitationValidity}, model {model.Validity}";

        var members = account.Members.Select(m => $"{m.UserId}/{m.Email}/{m.Role}").Order();
        var expected = model.Members.Select(m => $"{Person.Cast[m.Key].Id}/{Person.NormalizedEmailOf(m.Value.Email)}/{m.Value.Role}").Order();
        if (!members.SequenceEqual(expected)) yield return $"members [{string.Join(", ", members)}], model [{string.Join(", ", expected)}]";

        if (account.Invitations.Count != model.Invitations.Count) yield return $"{account.Invitations.Count} invitations, model {model.Invitations.Count}";
        for (var i = 0; i < model.Invitations.Count; i++)
        {
            var wanted = model.Invitations[i];
            var invitation = account.FindInvitation(actual.IdOf(i));
            if (invitation is null)
            {
                yield return $"invitation #{i} is missing";
                continue;
            }
            if (invitation.Email != Person.NormalizedEmailOf(wanted.Person) || invitation.Role != wanted.Role || invitation.ExpiresAt != wanted.ExpiresAt
                || invitation.StatusAt(model.Now) != wanted.StatusAt(model.Now))
            {
                yield return $"invitation #{i} is {invitation} {invitation.StatusAt(model.Now)} until {invitation.ExpiresAt}, model {wanted}";
            }
        }

        // R20, R21: the table lists the open invitations with their status at now, Renew only when expired.
        var viewer = account.Members.First(m => m.Role == Role.Admin).UserId;
        var rows = account.ViewPendingInvitations(viewer, model.Now).Value.Select(r => $"{r.Invitation}/{r.Status}/{r.Actions}").Order();
        var open = model.Invitations.Select((inv, i) => (inv, i)).Where(x => x.inv.IsOpen).Select(x =>
        {
            var status = x.inv.StatusAt(model.Now);
            var actions = InvitationActions.Revoke | (status == InvitationStatus.Expired ? InvitationActions.Renew : InvitationActions.Resend);
            return $"{actual.IdOf(x.i)}/{status}/{actions}";
        }).Order();
        if (!rows.SequenceEqual(open)) yield return $"pending table [{string.Join(", ", rows)}], model [{string.Join(", ", open)}]";
    }

    private static IEnumerable<string> Leaks(MembershipHarness actual, object? result, IEnumerable<DomainEvent> events)
    {
        var text = new StringBuilder().Append(result).Append((result as DomainError)?.Message);
        foreach (var e in events) text.Append(e);
        var rendered = text.ToString();
        return actual.Tokens.Where(t => rendered.Contains(t.Reveal(), StringComparison.Ordinal)).Select(_ => $"a token leaked into '{rendered}'");
    }
}

/// <summary>What must hold after every step, whatever happened (R16, R19).</summary>
internal static class Invariants
{
    public static IEnumerable<string> Broken(Account account)
    {
        if (!account.Members.Any(m => m.Role == Role.Admin)) yield return "no Admin left (R16)";
        var open = account.Invitations.Where(i => i.IsOpen).Select(i => i.Email).ToArray();
        if (open.Distinct().Count() != open.Length) yield return "two open invitations share an email (R19)";
        var members = account.Members.Select(m => m.Email).ToHashSet();
        if (open.Any(members.Contains)) yield return "a member has an open invitation (R19)";
    }
}

internal sealed class InviteStep(int actor, int person, int spelling, Role role) : MembershipStep
{
    public override MembershipModel Run(MembershipModel model) => model.Invite(actor, person, role);

    protected override object Act(MembershipHarness actual, Instant now) =>
        Returned(actual.Account.Invite(Person.Cast[actor].Id, Person.EmailOf(person, spelling), role, now, actual.Random));

    public override string ToString() => $"{Person.NameOf(actor)} invites '{Person.EmailOf(person, spelling)}' as {role}";
}

internal sealed class RenewStep(int actor, int invitation) : MembershipStep
{
    public override MembershipModel Run(MembershipModel model) => model.Renew(actor, invitation);

    protected override object Act(MembershipHarness actual, Instant now) =>
        Returned(actual.Account.RenewInvitation(Person.Cast[actor].Id, actual.IdOf(invitation), now, actual.Random));

    public override string ToString() => $"{Person.NameOf(actor)} renews #{invitation}";
}

internal sealed class ResendStep(int actor, int invitation) : MembershipStep
{
    public override MembershipModel Run(MembershipModel model) => model.Resend(actor, invitation);

    protected override object Act(MembershipHarness actual, Instant now) =>
        Returned(actual.Account.ResendInvitation(Person.Cast[actor].Id, actual.IdOf(invitation), now, actual.Random));

    public override string ToString() => $"{Person.NameOf(actor)} resends #{invitation}";
}

internal sealed class RevokeStep(int actor, int invitation) : MembershipStep
{
    public override MembershipModel Run(MembershipModel model) => model.Revoke(actor, invitation);

    protected override object Act(MembershipHarness actual, Instant now) =>
        Returned(actual.Account.RevokeInvitation(Person.Cast[actor].Id, actual.IdOf(invitation), now));

    public override string ToString() => $"{Person.NameOf(actor)} revokes #{invitation}";
}

internal sealed class AcceptStep(int user, int email, int spelling, int token) : MembershipStep
{
    public override MembershipModel Run(MembershipModel model) => model.Accept(user, email, token);

    protected override object Act(MembershipHarness actual, Instant now) =>
        Returned(actual.Account.AcceptInvitation(Person.Cast[user].Id, Person.NameOf(user), Person.EmailOf(email, spelling), actual.TokenOf(token), now));

    public override string ToString() => $"{Person.NameOf(user)} accepts with token {token} as '{Person.EmailOf(email, spelling)}'";
}

internal sealed class ChangeRoleStep(int actor, int member, Role role) : MembershipStep
{
    public override MembershipModel Run(MembershipModel model) => model.ChangeRole(actor, member, role);

    protected override object Act(MembershipHarness actual, Instant now) =>
        Returned(actual.Account.ChangeRole(Person.Cast[actor].Id, Person.Cast[member].Id, role, now));

    public override string ToString() => $"{Person.NameOf(actor)} makes {Person.NameOf(member)} {role}";
}

internal sealed class RemoveStep(int actor, int member) : MembershipStep
{
    public override MembershipModel Run(MembershipModel model) => model.Remove(actor, member);

    protected override object Act(MembershipHarness actual, Instant now) =>
        Returned(actual.Account.RemoveMember(Person.Cast[actor].Id, Person.Cast[member].Id, now));

    public override string ToString() => $"{Person.NameOf(actor)} removes {Person.NameOf(member)}";
}

internal sealed class LeaveStep(int actor) : MembershipStep
{
    public override MembershipModel Run(MembershipModel model) => model.Leave(actor);

    protected override object Act(MembershipHarness actual, Instant now) => Returned(actual.Account.Leave(Person.Cast[actor].Id, now));

    public override string ToString() => $"{Person.NameOf(actor)} leaves";
}

internal sealed class SetValidityStep(int actor, Duration validity) : MembershipStep
{
    public override MembershipModel Run(MembershipModel model) => model.SetValidity(actor, validity);

    protected override object Act(MembershipHarness actual, Instant now) =>
        Returned(actual.Account.SetInvitationValidity(Person.Cast[actor].Id, validity, now));

    public override string ToString() => $"{Person.NameOf(actor)} sets the validity to {validity}";
}

internal sealed class ClockStep(Instant to) : MembershipStep
{
    // The fake clock never runs backwards, also when shrinking drops the steps that moved it.
    public override bool Pre(MembershipModel model) => to >= model.Now;

    public override MembershipModel Run(MembershipModel model) => model.AdvanceTo(to);

    protected override object? Act(MembershipHarness actual, Instant now) => null;

    public override string ToString() => $"clock → {to}";
}
