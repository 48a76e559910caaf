namespace Fluents.Settings.Members;

/// <summary>One row of Settings → Users.</summary>
/// <param name="User">The user's id.</param>
/// <param name="Name">The user's name.</param>
/// <param name="Role">Admin or Member.</param>
/// <param name="Email">The email address.</param>
public sealed record UserRow(UserId User, string Name, Role Role, string Email);
