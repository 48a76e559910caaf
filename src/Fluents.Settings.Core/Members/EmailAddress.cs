using OneOf;

namespace Fluents.Settings.Members;

/// <summary>Stub, replaced by the email branch.</summary>
public sealed class EmailAddress : IEquatable<EmailAddress>
{
    private EmailAddress(string value) => Value = value;
    /// <summary>Normalized.</summary>
    public string Value { get; }
    /// <summary>Create.</summary>
    /// <param name="text">Text.</param>
    /// <returns>Result.</returns>
    public static OneOf<EmailAddress, InvalidEmailAddress> Create(string? text)
    {
        var t = text?.Trim().ToLowerInvariant() ?? "";
        return t.Count(c => c == '@') == 1 && t.Length > 2 ? new EmailAddress(t) : new InvalidEmailAddress(InvalidEmailAddressReason.MissingAt);
    }
    /// <inheritdoc />
    public bool Equals(EmailAddress? other) => other is not null && other.Value == Value;
    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EmailAddress);
    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);
    /// <inheritdoc />
    public override string ToString() => Value;
}
/// <summary>Reason.</summary>
public enum InvalidEmailAddressReason { /// <summary>x</summary>
MissingAt }
/// <summary>Invalid.</summary>
/// <param name="Reason">Reason.</param>
public sealed record InvalidEmailAddress(InvalidEmailAddressReason Reason) : DomainError
{
    /// <inheritdoc />
    public override string Code => "email.invalid";
    /// <inheritdoc />
    public override string Message => "Invalid email.";
}
