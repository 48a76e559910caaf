using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Fluents.Settings.Members;

/// <summary>
/// An account's members and everything kept about them as a whole: the members by user id, the email index (R18:
/// one member per normalized email) and the number of Admins (R16). Joining, leaving and role changes go through
/// here, so these never disagree; and the rules about the collection live here, named after what they protect.
/// </summary>
/// <remarks>
/// The caller (<see cref="Accounts.Account"/>) checks the rules before it changes anything, so the changing methods
/// assume the rules allowed the change. Every lookup and change is O(1) and allocation-free (the permission check on
/// every request reads <see cref="TryGet"/>).
/// </remarks>
internal sealed class MemberRoster
{
    private readonly Dictionary<UserId, Member> _byId = [];
    private readonly Dictionary<EmailAddress, UserId> _byEmail = [];

    /// <summary>The members, in no particular order.</summary>
    public Dictionary<UserId, Member>.ValueCollection Values => _byId.Values;

    /// <summary>How many members there are.</summary>
    public int Count => _byId.Count;

    /// <summary>How many members are Admins.</summary>
    public int AdminCount { get; private set; }

    /// <summary>A member of the roster.</summary>
    /// <param name="user">Their user id.</param>
    /// <exception cref="KeyNotFoundException">The user is not a member.</exception>
    public Member this[UserId user] => _byId[user];

    /// <summary>Finds a member by user id.</summary>
    public bool TryGet(UserId user, [MaybeNullWhen(false)] out Member member) => _byId.TryGetValue(user, out member);

    /// <summary>Finds a member by user id, or <c>null</c>.</summary>
    public Member? Find(UserId user) => _byId.GetValueOrDefault(user);

    /// <summary>Whether the user is a member.</summary>
    public bool Contains(UserId user) => _byId.ContainsKey(user);

    /// <summary>Whether a member has this (normalized) email.</summary>
    public bool ContainsEmail(EmailAddress email) => _byEmail.ContainsKey(email);

    /// <summary>
    /// R16: the account always keeps at least one Admin, so its last Admin cannot be demoted, removed, or leave. The
    /// one place this rule is checked: <see cref="Accounts.Account.ChangeRole"/>, <see cref="Accounts.Account.RemoveMember"/>
    /// and <see cref="Accounts.Account.Leave"/> all ask here.
    /// </summary>
    /// <param name="member">A member of the roster about to lose the Admin role or the account.</param>
    /// <param name="action">What is about to happen to them.</param>
    /// <param name="newRole">For <see cref="LastAdminAction.Demote"/>, the role they would get (Admin to Admin is no demotion); otherwise <c>null</c>, they would stop being a member.</param>
    /// <returns><c>null</c> when another Admin would remain (or the member is no Admin, or keeps the role), or the refusal.</returns>
    public LastAdmin? LastAdminStays(Member member, LastAdminAction action, Role? newRole = null)
    {
        Debug.Assert((action == LastAdminAction.Demote) == newRole.HasValue, "a demotion names the new role; removing and leaving do not");
        return member.Role == Role.Admin && newRole != Role.Admin && AdminCount == 1 ? new LastAdmin(member.UserId, action) : null;
    }

    /// <summary>A user joins an account once: refuses a user who is a member already, or whose email is a member's (R18, R22).</summary>
    /// <param name="user">The joining user.</param>
    /// <param name="email">Their normalized email.</param>
    /// <returns><c>null</c> when they may join, or the refusal.</returns>
    public AlreadyMember? NotYetAMember(UserId user, EmailAddress email) =>
        _byId.ContainsKey(user) || _byEmail.ContainsKey(email) ? new AlreadyMember(email.Value) : null;

    /// <summary>Adds a member: their id, their email, and counts them if Admin.</summary>
    /// <param name="member">A new member (<see cref="NotYetAMember"/> allowed them).</param>
    /// <exception cref="ArgumentException">Their user id or email is already a member's.</exception>
    public void Add(Member member)
    {
        _byId.Add(member.UserId, member);
        _byEmail.Add(member.Email, member.UserId);
        if (member.Role == Role.Admin) AdminCount++;
    }

    /// <summary>Removes a member: their id, their email, and their place in the Admin count.</summary>
    /// <param name="member">A member of the roster that <see cref="LastAdminStays"/> let go.</param>
    public void Remove(Member member)
    {
        Debug.Assert(_byId.GetValueOrDefault(member.UserId) == member, "not a member of this roster");
        _byId.Remove(member.UserId);
        _byEmail.Remove(member.Email);
        if (member.Role == Role.Admin) AdminCount--;
    }

    /// <summary>Changes a member's role and the Admin count with it; nothing happens if the role is unchanged.</summary>
    /// <param name="member">A member of the roster.</param>
    /// <param name="role">The new role (a demotion that <see cref="LastAdminStays"/> allowed).</param>
    public void ChangeRole(Member member, Role role)
    {
        Debug.Assert(_byId.GetValueOrDefault(member.UserId) == member, "not a member of this roster");
        if (member.Role == role) return;
        if (member.Role == Role.Admin) AdminCount--;
        if (role == Role.Admin) AdminCount++;
        member.Role = role;
    }
}
