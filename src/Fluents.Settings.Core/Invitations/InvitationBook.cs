using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;
using OneOf;

namespace Fluents.Settings.Invitations;

/// <summary>
/// An account's invitations and everything kept about them as a whole: every invitation by id, open or closed, and
/// the open invitation of each email (R19: at most one). Sending and closing (accept, revoke) go through here, so the
/// two never disagree; and the rules about the collection live here, named after what they protect.
/// </summary>
/// <remarks>
/// The caller (<see cref="Accounts.Account"/>) checks the rules before it changes anything, so the changing methods
/// assume the rules allowed the change. Lookups by id and email are O(1); finding by token is a full constant-time scan
/// on purpose (<see cref="FindByToken"/>).
/// </remarks>
internal sealed class InvitationBook
{
    private readonly Dictionary<InvitationId, Invitation> _byId = [];
    private readonly Dictionary<EmailAddress, Invitation> _openByEmail = [];

    /// <summary>Every invitation, open or closed, in no particular order.</summary>
    public Dictionary<InvitationId, Invitation>.ValueCollection Values => _byId.Values;

    /// <summary>The open (pending or expired) invitations, one per email, in no particular order.</summary>
    public Dictionary<EmailAddress, Invitation>.ValueCollection Open => _openByEmail.Values;

    /// <summary>How many invitations there are, open or closed.</summary>
    public int Count => _byId.Count;

    /// <summary>Finds an invitation by id.</summary>
    public bool TryGet(InvitationId id, [MaybeNullWhen(false)] out Invitation invitation) => _byId.TryGetValue(id, out invitation);

    /// <summary>Finds an invitation by id, or <c>null</c>.</summary>
    public Invitation? Find(InvitationId id) => _byId.GetValueOrDefault(id);

    /// <summary>Whether an invitation has this id.</summary>
    public bool Contains(InvitationId id) => _byId.ContainsKey(id);

    /// <summary>
    /// R19: one open invitation per email, and none for a member. Refuses an email that is a member's, then one that
    /// already has an open invitation. (Both cannot hold at once: an email's open invitation is closed when it
    /// becomes a member's, and a member's email is never invited.)
    /// </summary>
    /// <param name="email">The normalized email about to be invited.</param>
    /// <param name="members">The account's members.</param>
    /// <returns><c>null</c> when the email may be invited, or the refusal.</returns>
    public OneOf<AlreadyMember, InvitationAlreadyOpen>? OneOpenInvitationPerEmail(EmailAddress email, MemberRoster members)
    {
        if (members.ContainsEmail(email)) return new AlreadyMember(email.Value);
        if (_openByEmail.TryGetValue(email, out var open)) return new InvitationAlreadyOpen(open.Id, email.Value);
        return null;
    }

    /// <summary>
    /// R22: the invitation whose token hash is <paramref name="presented"/>, or <c>null</c>. Every invitation's hash is
    /// compared in constant time and the scan does not stop early, so the time taken does not tell which invitation
    /// (if any) matched.
    /// </summary>
    /// <param name="presented">The hash of the token from the link.</param>
    /// <returns>The invitation, open or closed, or <c>null</c>.</returns>
    public Invitation? FindByToken(SecretHash presented)
    {
        Invitation? found = null;
        foreach (var invitation in _byId.Values)
        {
            if (invitation.TokenHash.FixedTimeEquals(presented)) found = invitation;
        }
        return found;
    }

    /// <summary>Adds an invitation, and indexes it by email if open.</summary>
    /// <param name="invitation">A new invitation; if open, <see cref="OneOpenInvitationPerEmail"/> allowed its email.</param>
    /// <exception cref="ArgumentException">Its id, or (if open) its email's open invitation, is already in the book.</exception>
    public void Add(Invitation invitation)
    {
        _byId.Add(invitation.Id, invitation);
        if (invitation.IsOpen) _openByEmail.Add(invitation.Email, invitation);
    }

    /// <summary>Closes an open invitation (accepted or revoked): it stays in the book, and its email may be invited again.</summary>
    /// <param name="invitation">An open invitation of the book.</param>
    /// <param name="state">How it ends: <see cref="InvitationState.Accepted"/> or <see cref="InvitationState.Revoked"/>.</param>
    /// <param name="now">When.</param>
    /// <param name="acceptedBy">The member who accepted it, for <see cref="InvitationState.Accepted"/>; otherwise <c>null</c>.</param>
    public void Close(Invitation invitation, InvitationState state, Instant now, UserId? acceptedBy)
    {
        Debug.Assert(_byId.GetValueOrDefault(invitation.Id) == invitation && invitation.IsOpen, "not an open invitation of this book");
        Debug.Assert(state != InvitationState.Open && (state == InvitationState.Accepted) == acceptedBy.HasValue, "closing needs a closed state, and only an acceptance an accepting user");
        invitation.State = state;
        invitation.ClosedAt = now;
        invitation.AcceptedBy = acceptedBy;
        _openByEmail.Remove(invitation.Email);
    }
}
