using System.Globalization;
using System.Text;
using OneOf;

namespace Fluents.Settings.Members;

/// <summary>
/// A member's or an invitee's email address, validated and normalized once (R18) so that two
/// spellings of the same address are the same value: <c> Ada@Bücher.Example </c> and
/// <c>ada@xn--bcher-kva.example</c> are equal.
/// </summary>
/// <remarks>
/// <para><b>Normalization.</b> The text is trimmed; the domain is converted to its ASCII (IDN,
/// punycode) form with <see cref="IdnMapping"/>; the whole address is lower-cased with the
/// invariant culture. Lower-casing the local part is a product decision (R18 says emails compare
/// case-insensitively): RFC 5321 allows a mail server to treat <c>Ada</c> and <c>ada</c> as
/// different mailboxes, but practically none do, and treating them as one stops the same person
/// from being invited twice. The normalized form is what <see cref="Value"/> returns and what
/// equality compares (ordinal).</para>
/// <para><b>Local part.</b> Validation is deliberately permissive, because the real test of an
/// address is delivery and refusing a working address is worse than accepting an odd one: any
/// character is allowed except <c>@</c>, white space, control characters, invisible format
/// characters (such as a zero-width space or a direction override) and unpaired surrogates.
/// Unicode letters are allowed (RFC 6531 internationalized mailboxes). Quoted local parts
/// (<c>"a b"@example.com</c>, <c>"a@b"@example.com</c>) are not supported; dots are not
/// checked.</para>
/// <para><b>Domain.</b> At least two dot-separated labels; in ASCII form each label has 1–63
/// letters, digits or hyphens and neither starts nor ends with a hyphen; the top-level label is
/// not all digits (so an IP address is not a domain). A trailing dot is refused.</para>
/// <para><b>Lengths</b> are counted in UTF-8 bytes of the normalized form, as SMTP counts them:
/// local part ≤ <see cref="MaxLocalPartLength"/>, whole address ≤ <see cref="MaxLength"/>. For
/// an ASCII address (every address with an ASCII local part, since the domain is always
/// ASCII once normalized) bytes and characters are the same.</para>
/// </remarks>
public sealed class EmailAddress : IEquatable<EmailAddress>
{
    /// <summary>The longest normalized address, in UTF-8 bytes (R18; RFC 5321 path limit).</summary>
    public const int MaxLength = 254;

    /// <summary>The longest normalized local part (before the <c>@</c>), in UTF-8 bytes (R18).</summary>
    public const int MaxLocalPartLength = 64;

    private const int MaxLabelLength = 63;

    // UseStd3AsciiRules: labels may only hold letters, digits and hyphens once in ASCII form.
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    private EmailAddress(string value, int at)
    {
        Value = value;
        LocalPart = value[..at];
        Domain = value[(at + 1)..];
    }

    /// <summary>The normalized address: trimmed, lower-cased, domain in ASCII (IDN) form.</summary>
    public string Value { get; }

    /// <summary>The normalized part before the <c>@</c>.</summary>
    public string LocalPart { get; }

    /// <summary>The normalized domain after the <c>@</c>, in ASCII (IDN) form, for example <c>xn--bcher-kva.example</c>.</summary>
    public string Domain { get; }

    /// <summary>Validates and normalizes an address typed by a user (R18).</summary>
    /// <param name="text">The address as typed; <see langword="null"/> counts as empty.</param>
    /// <returns>The normalized address, or why it is not acceptable.</returns>
    public static OneOf<EmailAddress, InvalidEmailAddress> Create(string? text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty) return Invalid(InvalidEmailAddressReason.Empty);

        var at = trimmed.IndexOf('@');
        if (at < 0) return Invalid(InvalidEmailAddressReason.MissingAt);
        if (trimmed[(at + 1)..].Contains('@')) return Invalid(InvalidEmailAddressReason.MoreThanOneAt);

        var localPart = trimmed[..at];
        if (localPart.IsEmpty) return Invalid(InvalidEmailAddressReason.EmptyLocalPart);
        if (!IsValidLocalPart(localPart)) return Invalid(InvalidEmailAddressReason.InvalidLocalPart);
        var normalizedLocalPart = localPart.ToString().ToLowerInvariant();
        var localPartBytes = Encoding.UTF8.GetByteCount(normalizedLocalPart);
        if (localPartBytes > MaxLocalPartLength) return Invalid(InvalidEmailAddressReason.LocalPartTooLong);

        if (!TryNormalizeDomain(trimmed[(at + 1)..], out var domain)) return Invalid(InvalidEmailAddressReason.InvalidDomain);
        if (localPartBytes + 1 + domain.Length > MaxLength) return Invalid(InvalidEmailAddressReason.TooLong);

        return new EmailAddress($"{normalizedLocalPart}@{domain}", normalizedLocalPart.Length);
    }

    private static InvalidEmailAddress Invalid(InvalidEmailAddressReason reason) => new(reason);

    private static bool IsValidLocalPart(ReadOnlySpan<char> localPart)
    {
        for (var i = 0; i < localPart.Length; i++)
        {
            var c = localPart[i];
            if (char.IsHighSurrogate(c))
            {
                // A pair is one (valid) Unicode character; a lone half is garbage.
                if (i + 1 >= localPart.Length || !char.IsLowSurrogate(localPart[i + 1])) return false;
                i++;
                continue;
            }

            if (char.IsLowSurrogate(c) || char.IsWhiteSpace(c) || char.IsControl(c)) return false;
            if (char.GetUnicodeCategory(c) == UnicodeCategory.Format) return false; // invisible: U+200B, U+202E…
        }

        return true;
    }

    private static bool TryNormalizeDomain(ReadOnlySpan<char> typed, out string domain)
    {
        domain = string.Empty;
        var ascii = new StringBuilder(typed.Length);
        foreach (var range in typed.Split('.'))
        {
            var label = typed[range];
            if (range.Start.Value > 0) ascii.Append('.');
            if (Ascii.IsValid(label))
            {
                // ASCII labels skip IdnMapping: nothing to convert, and it keeps working in
                // globalization-invariant mode. IsValidAsciiDomain does the validating.
                ascii.Append(label);
                continue;
            }

            try
            {
                // Label by label, so that a domain too long once converted is reported as
                // TooLong by Create rather than refused here by IdnMapping's own length check.
                ascii.Append(Idn.GetAscii(label.ToString()));
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        var normalized = ascii.ToString().ToLowerInvariant();
        if (!IsValidAsciiDomain(normalized)) return false;
        domain = normalized;
        return true;
    }

    private static bool IsValidAsciiDomain(string domain)
    {
        var labelCount = 0;
        var lastLabel = ReadOnlySpan<char>.Empty;
        foreach (var range in domain.AsSpan().Split('.'))
        {
            var label = domain.AsSpan(range);
            if (label.Length is 0 or > MaxLabelLength) return false;
            if (label[0] == '-' || label[^1] == '-') return false;
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-') return false;
            }

            labelCount++;
            lastLabel = label;
        }

        // "1.2.3.4" has valid labels but is an IP address, not a domain.
        return labelCount >= 2 && lastLabel.ContainsAnyExcept("0123456789");
    }

    /// <inheritdoc />
    public bool Equals(EmailAddress? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EmailAddress);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The normalized address.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;

    /// <summary>Value equality of the normalized addresses.</summary>
    /// <param name="left">One address.</param>
    /// <param name="right">The other address.</param>
    /// <returns>Whether both are the same address (or both <see langword="null"/>).</returns>
    public static bool operator ==(EmailAddress? left, EmailAddress? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality of the normalized addresses.</summary>
    /// <param name="left">One address.</param>
    /// <param name="right">The other address.</param>
    /// <returns>Whether they are different addresses.</returns>
    public static bool operator !=(EmailAddress? left, EmailAddress? right) => !(left == right);
}

/// <summary>Why a typed email address was refused (R18).</summary>
public enum InvalidEmailAddressReason
{
    /// <summary>Nothing but white space.</summary>
    Empty,

    /// <summary>No <c>@</c> separates the local part from the domain.</summary>
    MissingAt,

    /// <summary>More than one <c>@</c> (quoted local parts are not supported).</summary>
    MoreThanOneAt,

    /// <summary>Nothing before the <c>@</c>.</summary>
    EmptyLocalPart,

    /// <summary>More than <see cref="EmailAddress.MaxLocalPartLength"/> bytes before the <c>@</c>.</summary>
    LocalPartTooLong,

    /// <summary>The domain is not dot-separated labels of letters, digits and hyphens (after IDN conversion).</summary>
    InvalidDomain,

    /// <summary>More than <see cref="EmailAddress.MaxLength"/> bytes once normalized.</summary>
    TooLong,

    /// <summary>The part before the <c>@</c> contains white space, a control character or an invisible character.</summary>
    InvalidLocalPart,
}

/// <summary>An email address that breaks R18.</summary>
/// <param name="Reason">What is wrong with it.</param>
/// <remarks>
/// The message does not repeat the address: the user who typed it can see it, and errors end up
/// in logs, where an address is personal data we need not copy.
/// </remarks>
public sealed record InvalidEmailAddress(InvalidEmailAddressReason Reason) : DomainError
{
    /// <inheritdoc />
    public override string Code => "email.invalid";

    /// <inheritdoc />
    public override string Message => Reason switch
    {
        InvalidEmailAddressReason.Empty => "An email address cannot be empty.",
        InvalidEmailAddressReason.MissingAt => "An email address needs an @ between the name and the domain.",
        InvalidEmailAddressReason.MoreThanOneAt => "An email address can contain only one @.",
        InvalidEmailAddressReason.EmptyLocalPart => "An email address needs a name before the @.",
        InvalidEmailAddressReason.LocalPartTooLong => $"The part of an email address before the @ can have at most {EmailAddress.MaxLocalPartLength} characters.",
        InvalidEmailAddressReason.InvalidDomain => "The domain after the @ is not valid (for example example.com).",
        InvalidEmailAddressReason.TooLong => $"An email address can have at most {EmailAddress.MaxLength} characters.",
        InvalidEmailAddressReason.InvalidLocalPart => "The part of an email address before the @ cannot contain spaces or invisible characters.",
        _ => "The email address is not valid.",
    };
}
