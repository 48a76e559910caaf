using System.Collections.Immutable;
using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.PropertyTests.Members;

/// <summary>
/// The cast of the model-based test: Ada opens the account; the others start as strangers. Each has a user id,
/// a name and one mailbox written several ways (case, white space, Unicode or ASCII domain), all one address (R18).
/// </summary>
internal sealed record Person(int Index, string Name, UserId Id, string[] Spellings)
{
    /// <summary>Not an email at all: the index used for an invalid address.</summary>
    public const int NoOne = -1;

    public static readonly Person[] Cast =
    [
        new(0, TestAccounts.AdminName, TestAccounts.Admin, [TestAccounts.AdminEmail, "ADA@Example.com", " ada@EXAMPLE.COM "]),
        new(1, "Bob", UserNumber(1), ["bob@example.com", "Bob@Example.Com", "\tBOB@example.com"]),
        new(2, "Cléo", UserNumber(2), ["cléo@bücher.example", "Cléo@xn--bcher-kva.example", " CLÉO@Bücher.Example"]),
        new(3, "Dan", UserNumber(3), ["dan@example.org", "DAN@example.org"]),
        new(4, "Eve", UserNumber(4), ["eve@example.net", " Eve@Example.NET "]),
    ];

    public static string EmailOf(int person, int spelling) =>
        person == NoOne ? "not an email" : Cast[person].Spellings[spelling % Cast[person].Spellings.Length];

    public static string NameOf(int person) => person == NoOne ? "nobody" : Cast[person].Name;

    public static EmailAddress NormalizedEmailOf(int person) => EmailAddress.Create(Cast[person].Spellings[0]).AsT0;

    private static UserId UserNumber(int n) => new(Guid.Parse($"0196f000-0000-7000-8000-0000000000b{n}"));

    public override string ToString() => Name;
}

/// <summary>A member in the model: whose mailbox they joined with (usually their own), and their role.</summary>
internal sealed record ModelMember(int Email, Role Role);

/// <summary>An invitation in the model; <see cref="Token"/> is the index of its current token among all tokens issued.</summary>
internal sealed record ModelInvitation(int Person, Role Role, Instant ExpiresAt, InvitationState State, int Token)
{
    public bool IsOpen => State == InvitationState.Open;

    public InvitationStatus StatusAt(Instant now) => State switch
    {
        InvitationState.Accepted => InvitationStatus.Accepted,
        InvitationState.Revoked => InvitationStatus.Revoked,
        _ => now < ExpiresAt ? InvitationStatus.Pending : InvitationStatus.Expired, // R20: the boundary is expired
    };
}

/// <summary>
/// The simple model the account is compared with: who is a member with which role, the invitations by creation
/// order, the fake clock, and what the last operation should have returned. <see cref="Hits"/> records which
/// edges a run reached, for classification.
/// </summary>
internal sealed record MembershipModel(
    Instant Now,
    Duration Validity,
    long Version,
    ImmutableSortedDictionary<int, ModelMember> Members,
    ImmutableList<ModelInvitation> Invitations,
    int TokensIssued,
    string Expected,
    ImmutableSortedSet<string> Hits)
{
    /// <summary>The outcome name of a successful operation; a refusal's is its error type's name.</summary>
    public const string Ok = "ok";

    public static MembershipModel Initial { get; } = new(
        TestAccounts.Now,
        InvitationPolicy.DefaultValidity,
        0,
        ImmutableSortedDictionary<int, ModelMember>.Empty.Add(0, new ModelMember(0, Role.Admin)),
        [],
        0,
        Ok,
        []);

    public int Admins => Members.Values.Count(m => m.Role == Role.Admin);

    public bool IsAdmin(int person) => Members.TryGetValue(person, out var m) && m.Role == Role.Admin;

    public bool IsMember(int person) => Members.ContainsKey(person);

    public bool IsMemberEmail(int person) => Members.Values.Any(m => m.Email == person);

    public bool HasOpenInvitation(int person) => Invitations.Any(i => i.IsOpen && i.Person == person);

    public MembershipModel Refused(string error) => this with { Expected = error, Hits = Hits.Add(error) };

    public MembershipModel Changed(string hit) => this with { Expected = Ok, Version = Version + 1, Hits = Hits.Add(hit) };

    public MembershipModel Invite(int actor, int person, Role role)
    {
        if (!IsAdmin(actor)) return Refused(nameof(NotPermitted));
        if (person == Person.NoOne) return Refused(nameof(InvalidEmailAddress));
        if (IsMemberEmail(person)) return Refused(nameof(AlreadyMember));
        if (HasOpenInvitation(person)) return Refused(nameof(InvitationAlreadyOpen));
        return Changed("invited") with
        {
            Invitations = Invitations.Add(new ModelInvitation(person, role, Now + Validity, InvitationState.Open, TokensIssued)),
            TokensIssued = TokensIssued + 1,
        };
    }

    public MembershipModel Renew(int actor, int invitation)
    {
        if (!IsAdmin(actor)) return Refused(nameof(NotPermitted));
        if (invitation >= Invitations.Count) return Refused(nameof(InvitationNotFound));
        var target = Invitations[invitation];
        if (target.StatusAt(Now) != InvitationStatus.Expired) return Refused(nameof(InvitationActionUnavailable));
        var renewed = target with { ExpiresAt = Now + Validity, Token = TokensIssued };
        var model = Changed(Edges.Renewed);
        if (Now == target.ExpiresAt) model = model with { Hits = model.Hits.Add(Edges.RenewedAtBoundary) };
        return model with { Invitations = Invitations.SetItem(invitation, renewed), TokensIssued = TokensIssued + 1 };
    }

    public MembershipModel Resend(int actor, int invitation)
    {
        if (!IsAdmin(actor)) return Refused(nameof(NotPermitted));
        if (invitation >= Invitations.Count) return Refused(nameof(InvitationNotFound));
        var target = Invitations[invitation];
        if (target.StatusAt(Now) != InvitationStatus.Pending) return Refused(nameof(InvitationActionUnavailable));
        return Changed("resent") with
        {
            Invitations = Invitations.SetItem(invitation, target with { Token = TokensIssued }),
            TokensIssued = TokensIssued + 1,
        };
    }

    public MembershipModel Revoke(int actor, int invitation)
    {
        if (!IsAdmin(actor)) return Refused(nameof(NotPermitted));
        if (invitation >= Invitations.Count) return Refused(nameof(InvitationNotFound));
        var target = Invitations[invitation];
        if (!target.IsOpen) return Refused(nameof(InvitationActionUnavailable));
        return Changed("revoked") with { Invitations = Invitations.SetItem(invitation, target with { State = InvitationState.Revoked }) };
    }

    /// <summary>The user <paramref name="user"/> presents token number <paramref name="token"/> (or a forged one) signed in as <paramref name="email"/>'s mailbox.</summary>
    public MembershipModel Accept(int user, int email, int token)
    {
        var index = token >= 0 && token < TokensIssued ? Invitations.FindIndex(i => i.Token == token) : -1;
        if (index < 0) return Refused(nameof(InvitationTokenMismatch)); // R21: a replaced token matches nothing
        var target = Invitations[index];
        switch (target.StatusAt(Now))
        {
            case InvitationStatus.Accepted: return Refused(nameof(InvitationAlreadyAccepted));
            case InvitationStatus.Revoked: return Refused(nameof(InvitationWasRevoked));
            case InvitationStatus.Expired:
                return Refused(nameof(InvitationExpired)) with { Hits = Hits.Add(nameof(InvitationExpired)).Add(Now == target.ExpiresAt ? Edges.AcceptRefusedAtBoundary : "accept refused after expiry") };
        }
        if (target.Person != email) return Refused(nameof(InvitationEmailMismatch));
        if (IsMember(user) || IsMemberEmail(email)) return Refused(nameof(AlreadyMember));
        return Changed(Edges.Accepted) with
        {
            Invitations = Invitations.SetItem(index, target with { State = InvitationState.Accepted }),
            Members = Members.Add(user, new ModelMember(email, target.Role)),
        };
    }

    public MembershipModel ChangeRole(int actor, int member, Role role)
    {
        // The account's order: strangers, then an unknown member, then R16, R17, and only then the actor's role.
        if (!IsMember(actor)) return Refused(nameof(NotPermitted));
        if (!Members.TryGetValue(member, out var target)) return Refused(nameof(MemberNotFound));
        if (target.Role == Role.Admin && role != Role.Admin && Admins == 1) return Refused(nameof(LastAdmin)); // R16
        if (member == actor) return Refused(nameof(CannotChangeOwnRole)); // R17
        if (!IsAdmin(actor)) return Refused(nameof(NotPermitted));
        if (target.Role == role) return this with { Expected = Ok };
        return Changed(role == Role.Admin ? "promoted" : "demoted") with { Members = Members.SetItem(member, target with { Role = role }) };
    }

    public MembershipModel Remove(int actor, int member)
    {
        if (!IsAdmin(actor)) return Refused(nameof(NotPermitted));
        if (!Members.TryGetValue(member, out var target)) return Refused(nameof(MemberNotFound));
        if (target.Role == Role.Admin && Admins == 1) return Refused(nameof(LastAdmin)); // R16
        return Changed("removed") with { Members = Members.Remove(member) };
    }

    public MembershipModel Leave(int actor)
    {
        if (!Members.TryGetValue(actor, out var target)) return Refused(nameof(MemberNotFound));
        if (target.Role == Role.Admin && Admins == 1) return Refused(nameof(LastAdmin)); // R16
        return Changed("left") with { Members = Members.Remove(actor) };
    }

    public MembershipModel SetValidity(int actor, Duration validity)
    {
        if (!IsAdmin(actor)) return Refused(nameof(NotPermitted));
        if (validity < InvitationPolicy.MinimumValidity || validity > InvitationPolicy.MaximumValidity) return Refused(nameof(InvalidInvitationValidity));
        if (validity == Validity) return this with { Expected = Ok };
        return Changed("validity changed") with { Validity = validity };
    }

    public MembershipModel AdvanceTo(Instant now)
    {
        var landed = Invitations.Any(i => i.IsOpen && i.ExpiresAt == now);
        return this with { Now = now, Expected = Ok, Hits = landed ? Hits.Add(Edges.ClockOnExpiresAt) : Hits };
    }

    public override string ToString() =>
        $"now {Now}, v{Version}, validity {Validity}, members [{string.Join(", ", Members.Select(m => $"{Person.NameOf(m.Key)}:{m.Value.Role}"))}], " +
        $"invitations [{string.Join(", ", Invitations.Select((i, n) => $"#{n} {Person.NameOf(i.Person)} {i.StatusAt(Now)} until {i.ExpiresAt} token {i.Token}"))}], expected {Expected}";
}

/// <summary>The edges the generators must visibly reach (classified in the model-based property).</summary>
internal static class Edges
{
    public const string ClockOnExpiresAt = "clock landed exactly on an expires-at";
    public const string LastAdminRefused = nameof(LastAdmin);
    public const string AcceptRefusedAtBoundary = "accept refused exactly at expires-at";
    public const string Renewed = "renewed";
    public const string RenewedAtBoundary = "renewed exactly at expires-at";
    public const string Accepted = "accepted";
}
