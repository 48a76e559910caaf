using Fluents.Settings.ApiKeys;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.Environments;

/// <summary>
/// A workspace inside an account (R1): its own agents, campaigns, numbers, API key and Max
/// Concurrent Calls. Changed only through <see cref="Accounts.Account"/>, which checks the rules.
/// </summary>
public sealed class AccountEnvironment
{
    internal AccountEnvironment(EnvironmentId id, EnvironmentName name, MaxConcurrentCalls maxConcurrentCalls, Instant createdAt, bool hidden, StoredApiKey apiKey, StoredApiKey? previousApiKey)
    {
        Id = id;
        Name = name;
        MaxConcurrentCalls = maxConcurrentCalls;
        CreatedAt = createdAt;
        Hidden = hidden;
        ApiKey = apiKey;
        PreviousApiKey = previousApiKey;
    }

    /// <summary>The stable id, never derived from the name (R1, R2).</summary>
    public EnvironmentId Id { get; }

    /// <summary>The name, unique in the account ignoring case (R2).</summary>
    public EnvironmentName Name { get; internal set; }

    /// <summary>How many calls may run in this environment at once (R9).</summary>
    public MaxConcurrentCalls MaxConcurrentCalls { get; internal set; }

    /// <summary>When the environment was created.</summary>
    public Instant CreatedAt { get; }

    /// <summary>Whether the environment is left out of the selector list; it keeps working (R4).</summary>
    public bool Hidden { get; internal set; }

    /// <summary>The masked current API key, for the environments table (R25).</summary>
    public ApiKeyHint ApiKeyHint => ApiKey.Hint;

    /// <summary>Until when the previous key is accepted after a rotation, or <c>null</c> when there is none (R24, R26).</summary>
    public Instant? PreviousApiKeyValidUntil => PreviousApiKey?.ValidUntil;

    internal StoredApiKey ApiKey { get; set; }

    internal StoredApiKey? PreviousApiKey { get; set; }

    /// <summary>The id and name, for logs.</summary>
    /// <returns>For example <c>staging (0196…)</c>.</returns>
    public override string ToString() => $"{Name} ({Id})";
}

/// <summary>What the core keeps of an issued API key (R25): its hash and display hint, never the key.</summary>
internal readonly record struct StoredApiKey(SecretHash Hash, ApiKeyHint Hint, Instant IssuedAt, Instant? ValidUntil)
{
    public static StoredApiKey From(ApiKey key, Instant issuedAt) => new(key.Hash, key.Hint, issuedAt, null);
}
