using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.Accounts;

/// <summary>A newly opened account and the <c>default</c> environment's API key, shown this once (R24).</summary>
/// <param name="Account">The account (version 0, not saved yet).</param>
/// <param name="DefaultEnvironment">The <c>default</c> environment's id.</param>
/// <param name="DefaultEnvironmentKey">Its plaintext key; <see cref="ApiKey.ToString"/> masks it.</param>
public sealed record OpenedAccount(Account Account, EnvironmentId DefaultEnvironment, ApiKey DefaultEnvironmentKey);

/// <summary>A newly created environment and its API key, shown this once (R24).</summary>
/// <param name="Environment">The new environment's id.</param>
/// <param name="ApiKey">Its plaintext key; <see cref="ApiKey.ToString"/> masks it.</param>
public sealed record CreatedEnvironment(EnvironmentId Environment, ApiKey ApiKey);

/// <summary>A rotated key (R26): the new plaintext key, shown this once, and until when the previous one works.</summary>
/// <param name="Environment">The environment.</param>
/// <param name="ApiKey">The new plaintext key; <see cref="ApiKey.ToString"/> masks it.</param>
/// <param name="PreviousKeyValidUntil">The previous key is accepted strictly before this instant.</param>
public sealed record RotatedApiKey(EnvironmentId Environment, ApiKey ApiKey, Instant PreviousKeyValidUntil);

/// <summary>
/// Everything an invitation email needs, with the plaintext accept token (R23: shown this once, to the
/// mailer). Returned by invite, resend and renew.
/// </summary>
/// <param name="Invitation">The invitation's id.</param>
/// <param name="Email">The invited address.</param>
/// <param name="Role">The offered role.</param>
/// <param name="InvitedByName">The inviting Admin's name.</param>
/// <param name="Token">The accept token; <see cref="InvitationToken.ToString"/> redacts it.</param>
/// <param name="ExpiresAt">When the invitation expires.</param>
public sealed record IssuedInvitation(InvitationId Invitation, EmailAddress Email, Role Role, PersonName InvitedByName, InvitationToken Token, Instant ExpiresAt);

/// <summary>An accepted invitation: the user is now a member (R22).</summary>
/// <param name="Invitation">The invitation.</param>
/// <param name="Member">The new member.</param>
public sealed record JoinedAccount(InvitationId Invitation, Member Member);
