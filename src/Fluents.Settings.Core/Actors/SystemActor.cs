using System.Buffers;
using Ardalis.GuardClauses;
using Fluents.Settings.Members;

namespace Fluents.Settings.Actors;

/// <summary>
/// An actor that is not a member (R29): billing, or an automation such as Terraform or a CI pipeline. It acts as itself,
/// with an explicit set of permissions that the permission table checks inside the account, as it checks a member's role
/// (R15); it is never a member, is never counted as an Admin (R16), and appears in the audit trail as itself (R28).
/// </summary>
/// <remarks>
/// <para><b>Member-only permissions.</b> A system actor may be given any permission except those in
/// <see cref="RolePermissions.MemberOnly"/>: managing members (<see cref="Permission.ManageMembers"/>) and invitations
/// (<see cref="Permission.ManageInvitations"/>). People are managed by people: a service account that could make anyone
/// an Admin or invite anyone could give itself, or whoever holds its credentials, more than its explicit set; an
/// invitation names a member who sent it; and the rules about the last Admin (R16) and one's own role (R17) speak of
/// members only.</para>
/// <para>The host decides which system actors exist and authenticates them (a billing webhook's signature, a service
/// account's token); the library only checks what each may do. Immutable; equal when id, name and permissions are.</para>
/// </remarks>
public sealed class SystemActor : IEquatable<SystemActor>
{
    /// <summary>The longest system actor id.</summary>
    public const int MaxIdLength = 64;

    internal const string IdRule = "A system actor id is 1 to 64 characters: lower-case ASCII letters, digits, '-', '_' and '.', starting with a letter or digit.";

    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_.");

    private SystemActor(string id, PersonName name, Permission permissions)
    {
        Id = id;
        Name = name.Value;
        Permissions = permissions;
        ActorId = ActorId.OfSystemActor(id);
        Recorded = new RecordedActor(ActorId, Name);
    }

    /// <summary>
    /// Billing: may change the plan (<see cref="Permission.ChangePlan"/>, R12) and nothing else, not even look. Its id is
    /// <c>billing</c> and its name <c>Billing</c>.
    /// </summary>
    public static SystemActor Billing { get; } = new("billing", PersonName.Create("Billing").AsT0, Permission.ChangePlan);

    /// <summary>The stable id, e.g. <c>billing</c> or a service account's id (lower-case ASCII, see <see cref="IsValidId(string)"/>).</summary>
    public string Id { get; }

    /// <summary>The name shown for it, e.g. in the audit trail (the same rules as a person's name).</summary>
    public string Name { get; }

    /// <summary>Exactly what it may do; never a member-only permission.</summary>
    public Permission Permissions { get; }

    /// <summary>Its identity as an actor (<c>system:</c> and its id), for filtering an audit trail.</summary>
    public ActorId ActorId { get; }

    /// <summary>How the events of its changes record it.</summary>
    internal RecordedActor Recorded { get; }

    /// <summary>
    /// An automation or service account (Terraform, CI, a provisioning job) with an explicit set of permissions, e.g.
    /// <c>Permission.ViewEnvironments | Permission.ManageEnvironments | Permission.ManageApiKeys</c>.
    /// </summary>
    /// <param name="id">Its stable id (see <see cref="IsValidId(string)"/>); not <c>billing</c>, which is <see cref="Billing"/>'s.</param>
    /// <param name="name">The name shown for it, e.g. <c>Terraform</c>.</param>
    /// <param name="permissions">What it may do: one or more defined permissions, none of <see cref="RolePermissions.MemberOnly"/>.</param>
    /// <returns>The system actor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> or <paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// An invalid or reserved id, an invalid name, no permission, an undefined one, or a member-only one (R29).
    /// </exception>
    public static SystemActor Automation(string id, string name, Permission permissions)
    {
        Guard.Against.Null(id);
        Guard.Against.Null(name);
        if (!IsValidId(id)) throw new ArgumentException(IdRule, nameof(id));
        if (id == Billing.Id) throw new ArgumentException($"'{id}' is the id of SystemActor.Billing.", nameof(id));
        if (!PersonName.Create(name).TryPickT0(out var validName, out var badName)) throw new ArgumentException(badName.Message, nameof(name));
        if (permissions == Permission.None) throw new ArgumentException("A system actor needs at least one permission.", nameof(permissions));
        if ((permissions & ~Permission.All) != 0) throw new ArgumentException($"{permissions} holds undefined permissions.", nameof(permissions));
        if ((permissions & RolePermissions.MemberOnly) != 0)
            throw new ArgumentException($"{permissions & RolePermissions.MemberOnly} may only be held by members: people are managed by people (R29).", nameof(permissions));
        return new SystemActor(id, validName, permissions);
    }

    /// <summary>Whether text is a valid system actor id: 1 to 64 lower-case ASCII letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, starting with a letter or digit.</summary>
    /// <param name="id">The text.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidId(string? id) => id is not null && IsValidId(id.AsSpan());

    internal static bool IsValidId(ReadOnlySpan<char> id) =>
        id.Length is > 0 and <= MaxIdLength && char.IsAsciiLetterOrDigit(id[0]) && !id.ContainsAnyExcept(IdCharacters);

    /// <inheritdoc />
    public bool Equals(SystemActor? other) =>
        other is not null && string.Equals(Id, other.Id, StringComparison.Ordinal) && string.Equals(Name, other.Name, StringComparison.Ordinal) && Permissions == other.Permissions;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SystemActor);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Id), Permissions);

    /// <summary>The name, id and permissions, for logs.</summary>
    /// <returns>For example <c>Billing (system actor billing: ChangePlan)</c>.</returns>
    public override string ToString() => $"{Name} (system actor {Id}: {Permissions})";
}
