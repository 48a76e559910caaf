using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.Accounts;

/// <summary>
/// An account as plain data, for storage (DESIGN.md §1): hashes and display hints, never a secret.
/// Lists are in a canonical order, and equality compares them element by element, so two snapshots of
/// the same state are equal.
/// </summary>
/// <param name="Id">The account id.</param>
/// <param name="Version">The account version.</param>
/// <param name="PlanLimit">P.</param>
/// <param name="InvitationValidity">How long new invitations stay valid.</param>
/// <param name="Environments">The environments, oldest first.</param>
/// <param name="Members">The members, by join time.</param>
/// <param name="Invitations">The invitations, oldest first.</param>
public sealed record AccountSnapshot(
    AccountId Id,
    long Version,
    int PlanLimit,
    Duration InvitationValidity,
    IReadOnlyList<EnvironmentSnapshot> Environments,
    IReadOnlyList<MemberSnapshot> Members,
    IReadOnlyList<InvitationSnapshot> Invitations)
{
    /// <inheritdoc />
    public bool Equals(AccountSnapshot? other) =>
        other is not null
        && Id == other.Id
        && Version == other.Version
        && PlanLimit == other.PlanLimit
        && InvitationValidity == other.InvitationValidity
        && Environments.SequenceEqual(other.Environments)
        && Members.SequenceEqual(other.Members)
        && Invitations.SequenceEqual(other.Invitations);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Version, PlanLimit, Environments.Count, Members.Count, Invitations.Count);
}

/// <summary>An environment as plain data.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="MaxConcurrentCalls">Its limit.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Hidden">Whether it is hidden from the selector.</param>
/// <param name="ApiKey">Its current key (hash and hint).</param>
/// <param name="PreviousApiKey">Its previous key during a rotation grace period, if any.</param>
public sealed record EnvironmentSnapshot(
    EnvironmentId Id, string Name, int MaxConcurrentCalls, Instant CreatedAt, bool Hidden, ApiKeySnapshot ApiKey, ApiKeySnapshot? PreviousApiKey);

/// <summary>What is stored of an API key (R25).</summary>
/// <param name="Sha256">The SHA-256 of the key, 64 lower-case hex digits.</param>
/// <param name="Hint">The masked key, e.g. <c>flk_…Ab3x</c>.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="ValidUntil">For a previous key, its deadline; <c>null</c> for a current key.</param>
public sealed record ApiKeySnapshot(string Sha256, string Hint, Instant IssuedAt, Instant? ValidUntil);

/// <summary>A member as plain data.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Name">Their name.</param>
/// <param name="Email">Their normalized email.</param>
/// <param name="Role">Their role.</param>
/// <param name="JoinedAt">When they joined.</param>
public sealed record MemberSnapshot(UserId UserId, string Name, string Email, Role Role, Instant JoinedAt);

/// <summary>An invitation as plain data (the token's hash, never the token).</summary>
/// <param name="Id">Its id.</param>
/// <param name="Email">The invited normalized email.</param>
/// <param name="Role">The offered role.</param>
/// <param name="InvitedBy">The inviting Admin.</param>
/// <param name="InvitedByName">Their name at the time.</param>
/// <param name="CreatedAt">When it was first sent.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="TokenSha256">The SHA-256 of the current token, 64 lower-case hex digits.</param>
/// <param name="State">Open, accepted or revoked.</param>
/// <param name="ClosedAt">When it was accepted or revoked.</param>
/// <param name="AcceptedBy">Who accepted it.</param>
public sealed record InvitationSnapshot(
    InvitationId Id, string Email, Role Role, UserId InvitedBy, string InvitedByName, Instant CreatedAt, Instant ExpiresAt,
    string TokenSha256, InvitationState State, Instant? ClosedAt, UserId? AcceptedBy);
