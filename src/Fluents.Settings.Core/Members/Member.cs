namespace Fluents.Settings.Members;

/// <summary>A user of the account with a role (R14). Changed only through <see cref="Accounts.Account"/>.</summary>
public sealed class Member
{
    internal Member(UserId userId, PersonName name, EmailAddress email, Role role, Instant joinedAt)
    {
        UserId = userId;
        Name = name;
        Email = email;
        Role = role;
        JoinedAt = joinedAt;
    }

    /// <summary>The user's id in the host's identity system.</summary>
    public UserId UserId { get; }

    /// <summary>The user's display name.</summary>
    public PersonName Name { get; }

    /// <summary>The user's email address, normalized (R18).</summary>
    public EmailAddress Email { get; }

    /// <summary>The user's role, for the whole account (R14, R15).</summary>
    public Role Role { get; internal set; }

    /// <summary>When the user joined (opened the account or accepted an invitation).</summary>
    public Instant JoinedAt { get; }

    /// <summary>The name, role and id, for logs.</summary>
    /// <returns>For example <c>Ada (Admin, 0196…)</c>.</returns>
    public override string ToString() => $"{Name} ({Role}, {UserId})";
}
