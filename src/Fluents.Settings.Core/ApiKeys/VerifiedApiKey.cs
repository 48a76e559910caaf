using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;

namespace Fluents.Settings.ApiKeys;

/// <summary>A presented key that authenticates: the environment (and account) the request belongs to (R27).</summary>
/// <param name="Account">The account that owns the environment.</param>
/// <param name="Environment">The environment the key belongs to; hidden environments included (R4).</param>
/// <param name="IsPreviousKey">
/// Whether the key is the environment's previous key, accepted only until its rotation deadline
/// (R26); a host may warn the caller to switch to the new key.
/// </param>
public readonly record struct VerifiedApiKey(AccountId Account, EnvironmentId Environment, bool IsPreviousKey);
