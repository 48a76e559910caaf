namespace Fluents.Settings.Invitations;

/// <summary>How long new invitations stay valid (R19). A change applies to invitations issued (or renewed) afterwards.</summary>
public static class InvitationPolicy
{
    /// <summary>The validity of a new account: 7 days.</summary>
    public static Duration DefaultValidity { get; } = Duration.FromDays(7);

    /// <summary>The shortest validity an Admin may set: 1 hour.</summary>
    public static Duration MinimumValidity { get; } = Duration.FromHours(1);

    /// <summary>The longest validity an Admin may set: 30 days.</summary>
    public static Duration MaximumValidity { get; } = Duration.FromDays(30);

    /// <summary>Whether a validity is within the allowed range (both ends included).</summary>
    /// <param name="validity">The validity.</param>
    /// <returns>Whether it is allowed.</returns>
    public static bool IsAllowed(Duration validity) => validity >= MinimumValidity && validity <= MaximumValidity;
}
