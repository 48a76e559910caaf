using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.ApiKeys;

/// <summary>One key an <see cref="IApiKeyIndex"/> can resolve: its hash and whose key it is (R24, R26).</summary>
/// <param name="Hash">The SHA-256 of the key (<see cref="ApiKey.Hash"/>).</param>
/// <param name="Account">The account that owns the environment.</param>
/// <param name="Environment">The environment the key authenticates.</param>
/// <param name="ValidUntil">
/// <c>null</c> for the environment's current key; for the previous key during a rotation's grace
/// period, the deadline: it is accepted while <c>now &lt; ValidUntil</c> and refused from that
/// instant on (R26).
/// </param>
public sealed record ApiKeyIndexEntry(SecretHash Hash, AccountId Account, EnvironmentId Environment, Instant? ValidUntil);
