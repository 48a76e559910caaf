namespace Fluents.Settings.ApiKeys;

// Why ApiKeyVerifier refused a presented key (R27). None of them carries or repeats the key.
// The parameterless ones are cached (Instance) so that refusing a key allocates nothing.

/// <summary>The presented text is not shaped like an API key (length, prefix, alphabet; R25).</summary>
public sealed record MalformedApiKey : DomainError
{
    /// <summary>The shared instance (the refusal carries no data).</summary>
    public static MalformedApiKey Instance { get; } = new();

    /// <inheritdoc />
    public override string Code => "api_key.malformed";

    /// <inheritdoc />
    public override string Message =>
        $"This is not an API key: a key has {ApiKeyFormat.Length} characters, starts with \"{ApiKeyFormat.Prefix}\" and otherwise contains only letters and digits.";
}

/// <summary>The presented key is shaped like an API key but its checksum does not match: a typo or a truncated copy (R25).</summary>
public sealed record ApiKeyChecksumMismatch : DomainError
{
    /// <summary>The shared instance (the refusal carries no data).</summary>
    public static ApiKeyChecksumMismatch Instance { get; } = new();

    /// <inheritdoc />
    public override string Code => "api_key.checksum_mismatch";

    /// <inheritdoc />
    public override string Message => "This API key is mistyped: its checksum does not match. Copy the key again.";
}

/// <summary>
/// The presented key is well formed but no environment has it: never issued, revoked by a
/// rotation or a zero grace period, or its environment was deleted (R6, R26, R27). Revoked keys
/// are not kept, so they are unknown too.
/// </summary>
public sealed record UnknownApiKey : DomainError
{
    /// <summary>The shared instance (the refusal carries no data).</summary>
    public static UnknownApiKey Instance { get; } = new();

    /// <inheritdoc />
    public override string Code => "api_key.unknown";

    /// <inheritdoc />
    public override string Message => "This API key is not valid: it may have been revoked, or its environment deleted.";
}

/// <summary>The presented key is an environment's previous key and its grace period is over (R26).</summary>
/// <param name="ExpiredAt">The rotation deadline: the key was refused from this instant on.</param>
public sealed record ExpiredApiKey(Instant ExpiredAt) : DomainError
{
    /// <inheritdoc />
    public override string Code => "api_key.expired";

    /// <inheritdoc />
    public override string Message => $"This API key was replaced by a newer one and stopped working at {ExpiredAt}. Use the environment's current key.";
}
