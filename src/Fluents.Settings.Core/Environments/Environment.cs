using Fluents.Settings.Concurrency;

namespace Fluents.Settings.Environments;

/// <summary>
/// A workspace inside an account (R1): its own agents, campaigns, numbers, API key and Max
/// Concurrent Calls. Changed only through <c>Account</c>, which checks the rules.
/// </summary>
public sealed class Environment
{
    internal Environment(EnvironmentId id, EnvironmentName name, MaxConcurrentCalls maxConcurrentCalls, Instant createdAt, bool hidden)
    {
        Id = id;
        Name = name;
        MaxConcurrentCalls = maxConcurrentCalls;
        CreatedAt = createdAt;
        Hidden = hidden;
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

    /// <summary>The id and name, for logs.</summary>
    /// <returns>For example <c>staging (0196…)</c>.</returns>
    public override string ToString() => $"{Name} ({Id})";
}
