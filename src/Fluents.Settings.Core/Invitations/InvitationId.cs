using Ardalis.GuardClauses;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.Invitations;

/// <summary>Identifies an email invitation to join an account.</summary>
/// <remarks>A GUID, never derived from a name; <c>default</c> is not a valid id.</remarks>
public readonly record struct InvitationId
{
    /// <summary>Wraps an existing id.</summary>
    /// <param name="value">A non-empty GUID.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is <see cref="Guid.Empty"/>.</exception>
    public InvitationId(Guid value) => Value = Guard.Against.Default(value);

    /// <summary>The GUID.</summary>
    public Guid Value { get; }

    /// <summary>A new time-ordered (version 7) id.</summary>
    /// <param name="now">The creation instant, which orders the id.</param>
    /// <param name="random">The source of the id's random bits.</param>
    /// <returns>A fresh id.</returns>
    public static InvitationId New(Instant now, ISecretGenerator random) => new(TimeOrderedGuid.Create(now, Guard.Against.Null(random)));

    /// <summary>Parses the GUID text written by <see cref="ToString"/>.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="id">The id, when the text is a non-empty GUID.</param>
    /// <returns>Whether the text was a non-empty GUID.</returns>
    public static bool TryParse(string? text, out InvitationId id)
    {
        id = default;
        if (!Guid.TryParse(text, out var value) || value == Guid.Empty) return false;
        id = new InvitationId(value);
        return true;
    }

    /// <summary>The GUID in its standard form.</summary>
    /// <returns>The id as text.</returns>
    public override string ToString() => Value.ToString();
}
