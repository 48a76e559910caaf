using System.Buffers;
using System.Text;
using Fluents.Settings.Text;
using OneOf;

namespace Fluents.Settings.Members;

/// <summary>
/// A member's or an invitee's email address, validated and put in canonical form once (R18, R33) so that two
/// spellings of the same address are the same value: <c> Ada@Bücher.Example </c>, <c>ada@BU&#x308;CHER.example</c>
/// (decomposed ü) and <c>ada@xn--bcher-kva.example</c> are equal, on every host, with ICU or in
/// globalization-invariant mode.
/// </summary>
/// <remarks>
/// <para><b>Policy: RFC 5322 dot-atom, internationalized.</b> An invitation goes to an address a person types, so the
/// library accepts the form every mail system delivers to and refuses the exotic rest, each refusal with its own
/// <see cref="InvalidEmailAddressReason"/>:</para>
/// <list type="bullet">
/// <item><b>Local part</b> (before the <c>@</c>): RFC 5322 <c>atext</c> characters — ASCII letters, digits and
/// <c>! # $ % &amp; ' * + - / = ? ^ _ ` { | } ~</c> — plus non-ASCII letters, marks, digits, punctuation and symbols
/// (RFC 6531 internationalized mailboxes), in dot-separated atoms: no dot first or last
/// (<see cref="InvalidEmailAddressReason.DotAtStartOrEnd"/>), no two dots in a row
/// (<see cref="InvalidEmailAddressReason.ConsecutiveDots"/>). Refused: quoted strings
/// (<see cref="InvalidEmailAddressReason.QuotedLocalPart"/>, also an unbalanced <c>"</c>), comments
/// (<see cref="InvalidEmailAddressReason.Comment"/>), other ASCII specials such as <c>\ , ; : &lt; &gt; [ ]</c>
/// (<see cref="InvalidEmailAddressReason.SpecialCharacterInLocalPart"/>), and white space, control characters,
/// invisible characters (format characters such as U+200B or U+202E, other default-ignorable code points), unpaired
/// surrogates, unassigned (Unicode 15.0) and private-use characters
/// (<see cref="InvalidEmailAddressReason.InvalidLocalPart"/>).</item>
/// <item><b>Domain</b>: at least two dot-separated labels (<c>.</c>, and the ideographic full stops U+3002, U+FF0E,
/// U+FF61 that IDNA treats as dots); each label ASCII letters, digits and hyphens (not first or last), or an
/// internationalized label of letters, marks and decimal digits that does not start with a mark; the last label not
/// all digits (so <c>1.2.3.4</c> is not a domain); no trailing dot. Address literals (<c>[192.0.2.1]</c>) are refused
/// as <see cref="InvalidEmailAddressReason.AddressLiteral"/>, comments as
/// <see cref="InvalidEmailAddressReason.Comment"/>, invisible characters (soft hyphen, zero-width space, U+202E…) as
/// <see cref="InvalidEmailAddressReason.InvisibleCharacterInDomain"/>, and compatibility characters (full-width
/// letters such as <c>ｅｘａｍｐｌｅ</c>, circled or styled letters: those with a tagged decomposition in
/// UnicodeData.txt) as <see cref="InvalidEmailAddressReason.CompatibilityCharacterInDomain"/>, which asks the user to
/// type plain characters rather than silently mapping them (UTS #46 would map them; refusing keeps what is stored
/// what was seen).</item>
/// </list>
/// <para><b>Canonical form</b> (what <see cref="Value"/> returns and equality compares, ordinal): trimmed of
/// surrounding white space; the local part and each internationalized label in Unicode NFC and simple case folding
/// (lower case for almost every letter), both from the library's own Unicode 15.0 tables; the domain in its ASCII
/// form, each internationalized label Punycode-encoded (RFC 3492, our own encoder) behind <c>xn--</c>. Lower-casing
/// the local part is a product decision (R18 says emails compare case-insensitively): RFC 5321 allows a server to
/// treat <c>Ada</c> and <c>ada</c> as different mailboxes, but practically none do, and treating them as one stops
/// the same person from being invited twice. Canonical equivalence is applied everywhere: the Kelvin sign U+212A,
/// whose canonical decomposition is <c>K</c>, is accepted as <c>k</c>. Case folding maps the final sigma <c>ς</c>
/// to <c>σ</c> (UTS #46 keeps <c>ς</c> in domains).</para>
/// <para><b>Punycode labels typed in ASCII</b> (<c>xn--…</c>) are decoded and checked like a typed Unicode label:
/// malformed Punycode (<c>xn--zz</c>) is <see cref="InvalidEmailAddressReason.InvalidPunycode"/>; a label that decodes
/// to text that is not canonical (<c>xn--bcher-2pa</c> is <c>bÜcher</c>, upper case) is
/// <see cref="InvalidEmailAddressReason.NonCanonicalPunycode"/>, as UTS #46 validation also refuses it, so that one
/// domain has one ASCII spelling; a decoded label with a refused character gets that character's reason. IDNA2008's
/// Bidi and CONTEXTJ/CONTEXTO rules are not applied (out of scope).</para>
/// <para><b>No ICU.</b> Neither <see cref="System.Globalization.IdnMapping"/> nor <see cref="string.Normalize()"/> nor
/// culture-dependent casing is used: in globalization-invariant mode (the default in Alpine-based .NET images) the
/// first does not case-fold and the second does nothing, so two services embedding the library would disagree on who
/// is a member. Everything here is the same in both modes, and the test suite runs in both.</para>
/// <para><b>Lengths</b> are counted in UTF-8 bytes of the canonical form, as SMTP counts them: local part ≤
/// <see cref="MaxLocalPartLength"/>, whole address ≤ <see cref="MaxLength"/>; a domain label ≤ 63 characters in ASCII
/// form.</para>
/// <para><b>Valid by RFC 5321/5322, refused by policy</b>: quoted local parts (<c>"john doe"@example.com</c>,
/// <c>"test".test@example.com</c>), comments and folding white space (<c>(comment)test@example.com</c>,
/// <c>test@(comment)example.com</c>), address literals (<c>test@[192.0.2.1]</c>, <c>test@[IPv6:…]</c>), the obsolete
/// syntax (white space around dots or the <c>@</c>, quoted pairs), and single-label domains (<c>test@localhost</c>,
/// <c>test@io</c>). A hand-written sample of the isemail test suite (D. Sayers, BSD licence) in the unit tests pins
/// this: every address it classes invalid is refused, except surrounding white space, which the trim removes.</para>
/// <para><b>Compared with the WHATWG HTML definition</b> of a valid e-mail address (<c>input type=email</c>): both
/// refuse quoted strings, comments and address literals, and both limit a domain label to 63 characters. We differ
/// in that we refuse a dot first, last or doubled in the local part (WHATWG's <c>1*( atext / "." )</c> allows them,
/// RFC 5322 does not); we accept non-ASCII local parts and Unicode domain labels (WHATWG is ASCII only; browsers
/// convert the domain to Punycode themselves); we refuse single-label domains (WHATWG allows <c>user@localhost</c>);
/// we enforce the 64-byte local part and 254-byte total limits (WHATWG has none); we decode and check <c>xn--</c>
/// labels; and we case-fold the local part.</para>
/// </remarks>
public sealed class EmailAddress : IEquatable<EmailAddress>
{
    /// <summary>The longest normalized address, in UTF-8 bytes (R18; RFC 5321 path limit).</summary>
    public const int MaxLength = 254;

    /// <summary>The longest normalized local part (before the <c>@</c>), in UTF-8 bytes (R18).</summary>
    public const int MaxLocalPartLength = 64;

    private const int MaxLabelLength = 63;
    private const string PunycodePrefix = "xn--";

    // RFC 5322 atext, ASCII letters and digits included; '.' is handled by the dot-atom rules.
    private static readonly SearchValues<char> AsciiAtomText =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~");

    // U+3002 ideographic full stop, U+FF0E full-width full stop, U+FF61 half-width ideographic full stop: IDNA label separators.
    private static readonly SearchValues<char> LabelSeparators = SearchValues.Create(".\u3002\uFF0E\uFF61");

    private EmailAddress(string value, int at)
    {
        Value = value;
        LocalPart = value[..at];
        Domain = value[(at + 1)..];
    }

    /// <summary>The canonical address: trimmed, case-folded, NFC, domain in ASCII (IDN) form.</summary>
    public string Value { get; }

    /// <summary>The canonical part before the <c>@</c>.</summary>
    public string LocalPart { get; }

    /// <summary>The canonical domain after the <c>@</c>, in ASCII (IDN) form, for example <c>xn--bcher-kva.example</c>.</summary>
    public string Domain { get; }

    /// <summary>Validates an address typed by a user and puts it in canonical form (R18, R33).</summary>
    /// <param name="text">The address as typed; <see langword="null"/> counts as empty.</param>
    /// <returns>The canonical address, or why it is not acceptable.</returns>
    public static OneOf<EmailAddress, InvalidEmailAddress> Create(string? text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty) return Invalid(InvalidEmailAddressReason.Empty);

        var at = trimmed.IndexOf('@');
        if (at < 0) return Invalid(InvalidEmailAddressReason.MissingAt);
        if (trimmed[(at + 1)..].Contains('@')) return Invalid(InvalidEmailAddressReason.MoreThanOneAt);

        var localPart = trimmed[..at];
        if (localPart.IsEmpty) return Invalid(InvalidEmailAddressReason.EmptyLocalPart);
        if (CheckLocalPart(localPart) is { } badLocalPart) return Invalid(badLocalPart);
        var canonicalLocalPart = CanonicalText(localPart.ToString());
        var localPartBytes = Encoding.UTF8.GetByteCount(canonicalLocalPart);
        if (localPartBytes > MaxLocalPartLength) return Invalid(InvalidEmailAddressReason.LocalPartTooLong);

        if (CanonicalDomain(trimmed[(at + 1)..], out var domain) is { } badDomain) return Invalid(badDomain);
        if (localPartBytes + 1 + domain.Length > MaxLength) return Invalid(InvalidEmailAddressReason.TooLong);

        return new EmailAddress($"{canonicalLocalPart}@{domain}", canonicalLocalPart.Length);
    }

    private static InvalidEmailAddress Invalid(InvalidEmailAddressReason reason) => new(reason);

    /// <summary>NFC, simple case folding, NFC: the same on every host (ASCII: lower case).</summary>
    private static string CanonicalText(string text) => CaseFolding.FoldNfc(UnicodeNormalization.ToNfc(text));

    private static InvalidEmailAddressReason? CheckLocalPart(ReadOnlySpan<char> localPart)
    {
        if (localPart.Contains('"')) return InvalidEmailAddressReason.QuotedLocalPart;
        if (localPart.ContainsAny('(', ')')) return InvalidEmailAddressReason.Comment;

        var special = false;
        for (var i = 0; i < localPart.Length; i++)
        {
            var c = localPart[i];
            if (c < '\u0080')
            {
                if (c is <= ' ' or '\u007F') return InvalidEmailAddressReason.InvalidLocalPart; // white space, control
                if (c != '.' && !AsciiAtomText.Contains(c)) special = true;
                continue;
            }

            if (!TryReadCodePoint(localPart, ref i, out var codePoint)) return InvalidEmailAddressReason.InvalidLocalPart;
            var kind = UnicodeCharacters.Kind(codePoint);
            var visible = kind is CharacterKind.Letter or CharacterKind.Mark or CharacterKind.DecimalDigit or CharacterKind.OtherNumber
                or CharacterKind.Punctuation or CharacterKind.Symbol;
            if (!visible || UnicodeCharacters.IsDefaultIgnorable(codePoint)) return InvalidEmailAddressReason.InvalidLocalPart;
        }

        if (special) return InvalidEmailAddressReason.SpecialCharacterInLocalPart;
        if (localPart[0] == '.' || localPart[^1] == '.') return InvalidEmailAddressReason.DotAtStartOrEnd;
        if (localPart.Contains("..", StringComparison.Ordinal)) return InvalidEmailAddressReason.ConsecutiveDots;
        return null;
    }

    private static InvalidEmailAddressReason? CanonicalDomain(ReadOnlySpan<char> typed, out string domain)
    {
        domain = string.Empty;
        if (typed.IsEmpty) return InvalidEmailAddressReason.InvalidDomain;
        if (typed.ContainsAny('[', ']')) return InvalidEmailAddressReason.AddressLiteral;
        if (typed.ContainsAny('(', ')')) return InvalidEmailAddressReason.Comment;

        var ascii = new StringBuilder(typed.Length + 8);
        var labelCount = 0;
        var lastLabelStart = 0;
        foreach (var range in typed.SplitAny(LabelSeparators))
        {
            var label = typed[range];
            if (label.IsEmpty) return InvalidEmailAddressReason.InvalidDomain; // leading, doubled or trailing dot
            if (labelCount++ > 0) ascii.Append('.');
            lastLabelStart = ascii.Length;
            if (CanonicalLabel(label, ascii) is { } badLabel) return badLabel;
            if (ascii.Length - lastLabelStart > MaxLabelLength) return InvalidEmailAddressReason.InvalidDomain;
        }

        domain = ascii.ToString();
        // "1.2.3.4" has valid labels but is an IP address, not a domain.
        if (labelCount < 2 || !domain.AsSpan(lastLabelStart).ContainsAnyExcept("0123456789")) return InvalidEmailAddressReason.InvalidDomain;
        return null;
    }

    /// <summary>Appends the ASCII form of one label, or says why it is refused.</summary>
    private static InvalidEmailAddressReason? CanonicalLabel(ReadOnlySpan<char> label, StringBuilder ascii)
    {
        if (Ascii.IsValid(label)) return CanonicalAsciiLabel(CanonicalText(label.ToString()), ascii);

        if (CheckUnicodeLabelCharacters(label) is { } badCharacter) return badCharacter;
        var canonical = CanonicalText(label.ToString());
        // Canonical equivalence can make a label ASCII (the Kelvin sign is K): then it is an ASCII label.
        if (Ascii.IsValid(canonical)) return CanonicalAsciiLabel(canonical, ascii);
        if (CheckCanonicalUnicodeLabel(canonical, out var codePoints) is { } badLabel) return badLabel;
        if (!Punycode.TryEncode(codePoints, out var encoded)) return InvalidEmailAddressReason.InvalidDomain;
        ascii.Append(PunycodePrefix).Append(encoded);
        return null;
    }

    private static InvalidEmailAddressReason? CanonicalAsciiLabel(string label, StringBuilder ascii)
    {
        if (label[0] == '-' || label[^1] == '-') return InvalidEmailAddressReason.InvalidDomain;
        foreach (var c in label)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-') return InvalidEmailAddressReason.InvalidDomain;
        }

        if (label.StartsWith(PunycodePrefix, StringComparison.Ordinal) && CheckPunycodeLabel(label) is { } badPunycode) return badPunycode;
        ascii.Append(label);
        return null;
    }

    /// <summary>An <c>xn--</c> label must decode, and re-encode from its canonical form to itself.</summary>
    private static InvalidEmailAddressReason? CheckPunycodeLabel(string label)
    {
        if (!Punycode.TryDecode(label.AsSpan(PunycodePrefix.Length), out var decodedCodePoints)) return InvalidEmailAddressReason.InvalidPunycode;
        var decoded = new StringBuilder(decodedCodePoints.Count);
        foreach (var codePoint in decodedCodePoints) UnicodeNormalization.Append(decoded, codePoint);
        var text = decoded.ToString();
        if (Ascii.IsValid(text)) return InvalidEmailAddressReason.NonCanonicalPunycode; // an ASCII label needs no xn--

        if (CheckUnicodeLabelCharacters(text) is { } badCharacter) return badCharacter;
        var canonical = CanonicalText(text);
        if (Ascii.IsValid(canonical)) return InvalidEmailAddressReason.NonCanonicalPunycode;
        if (CheckCanonicalUnicodeLabel(canonical, out var codePoints) is { } badLabel) return badLabel;
        if (!string.Equals(canonical, text, StringComparison.Ordinal)) return InvalidEmailAddressReason.NonCanonicalPunycode;
        return Punycode.TryEncode(codePoints, out var encoded) && string.Equals(PunycodePrefix + encoded, label, StringComparison.Ordinal)
            ? null
            : InvalidEmailAddressReason.NonCanonicalPunycode;
    }

    /// <summary>What a typed Unicode label may not contain, whatever normalization does.</summary>
    private static InvalidEmailAddressReason? CheckUnicodeLabelCharacters(ReadOnlySpan<char> label)
    {
        for (var i = 0; i < label.Length; i++)
        {
            if (label[i] < '\u0080') continue; // checked on the canonical form
            if (!TryReadCodePoint(label, ref i, out var codePoint)) return InvalidEmailAddressReason.InvalidDomain;
            var kind = UnicodeCharacters.Kind(codePoint);
            if (kind == CharacterKind.Format || UnicodeCharacters.IsDefaultIgnorable(codePoint)) return InvalidEmailAddressReason.InvisibleCharacterInDomain;
            if (kind is CharacterKind.Unassigned or CharacterKind.PrivateUse or CharacterKind.Control
                or CharacterKind.SpaceSeparator or CharacterKind.LineOrParagraphSeparator) return InvalidEmailAddressReason.InvalidDomain;
        }

        return null;
    }

    /// <summary>The rules on a canonical (NFC, case-folded) non-ASCII label; gives its code points for Punycode.</summary>
    private static InvalidEmailAddressReason? CheckCanonicalUnicodeLabel(string label, out List<int> codePoints)
    {
        codePoints = new List<int>(label.Length);
        var compatibility = false;
        for (var i = 0; i < label.Length; i++)
        {
            var span = label.AsSpan();
            if (!TryReadCodePoint(span, ref i, out var codePoint)) return InvalidEmailAddressReason.InvalidDomain;
            codePoints.Add(codePoint);
            if (codePoint < 0x80)
            {
                if (!char.IsAsciiLetterLower((char)codePoint) && !char.IsAsciiDigit((char)codePoint) && codePoint != '-') return InvalidEmailAddressReason.InvalidDomain;
                continue;
            }

            if (UnicodeCharacters.HasCompatibilityDecomposition(codePoint))
            {
                compatibility = true;
                continue;
            }

            if (UnicodeCharacters.Kind(codePoint) is not (CharacterKind.Letter or CharacterKind.Mark or CharacterKind.DecimalDigit)) return InvalidEmailAddressReason.InvalidDomain;
        }

        if (compatibility) return InvalidEmailAddressReason.CompatibilityCharacterInDomain;
        if (label[0] == '-' || label[^1] == '-' || UnicodeCharacters.Kind(codePoints[0]) == CharacterKind.Mark) return InvalidEmailAddressReason.InvalidDomain;
        return null;
    }

    /// <summary>Reads the code point at <paramref name="i"/> (moving past a surrogate pair); false for an unpaired surrogate.</summary>
    private static bool TryReadCodePoint(ReadOnlySpan<char> text, ref int i, out int codePoint)
    {
        codePoint = text[i];
        if (!char.IsSurrogate(text[i])) return true;
        if (!char.IsHighSurrogate(text[i]) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
        codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
        i++;
        return true;
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

    /// <summary>More than one <c>@</c>, anywhere (quoted local parts are not supported, so <c>"a@b"@example.com</c> is this too).</summary>
    MoreThanOneAt,

    /// <summary>Nothing before the <c>@</c>.</summary>
    EmptyLocalPart,

    /// <summary>More than <see cref="EmailAddress.MaxLocalPartLength"/> bytes before the <c>@</c>.</summary>
    LocalPartTooLong,

    /// <summary>
    /// The domain is not at least two dot-separated labels of letters, digits and hyphens (Unicode letters, marks and
    /// digits in an internationalized label), 1–63 characters each in ASCII form, no hyphen first or last, the last
    /// label not all digits; or a label holds white space, a control, unassigned or private-use character.
    /// </summary>
    InvalidDomain,

    /// <summary>More than <see cref="EmailAddress.MaxLength"/> bytes once normalized.</summary>
    TooLong,

    /// <summary>
    /// The part before the <c>@</c> contains white space, a control character, an invisible character (format or
    /// other default-ignorable, such as U+200B or U+202E), an unpaired surrogate, or an unassigned or private-use character.
    /// </summary>
    InvalidLocalPart,

    /// <summary>The part before the <c>@</c> has a quoted string or a stray <c>"</c> (<c>"john doe"@example.com</c>): not supported (R18).</summary>
    QuotedLocalPart,

    /// <summary>A comment in parentheses, before or after the <c>@</c> (<c>(work)ada@example.com</c>): not supported (R18).</summary>
    Comment,

    /// <summary>The part before the <c>@</c> starts or ends with a dot (RFC 5322 dot-atom).</summary>
    DotAtStartOrEnd,

    /// <summary>The part before the <c>@</c> has two dots in a row (RFC 5322 dot-atom).</summary>
    ConsecutiveDots,

    /// <summary>The part before the <c>@</c> has an ASCII character outside RFC 5322 <c>atext</c>, such as <c>\ , ; : &lt; &gt; [ ]</c>.</summary>
    SpecialCharacterInLocalPart,

    /// <summary>The domain is an address literal in brackets (<c>ada@[192.0.2.1]</c>), or has a bracket: not supported (R18).</summary>
    AddressLiteral,

    /// <summary>The domain contains an invisible character: soft hyphen, zero-width space or joiner, a direction control such as U+202E… (R33).</summary>
    InvisibleCharacterInDomain,

    /// <summary>
    /// The domain contains a compatibility character — a full-width, circled, styled or ligature form of a plain
    /// character (<c>ｅｘａｍｐｌｅ</c>) — to be typed as the plain character instead (R33).
    /// </summary>
    CompatibilityCharacterInDomain,

    /// <summary>A domain label starting with <c>xn--</c> is not valid Punycode (RFC 3492), for example <c>xn--zz</c>.</summary>
    InvalidPunycode,

    /// <summary>
    /// A domain label starting with <c>xn--</c> decodes to text that is not in canonical form (upper case, or not NFC),
    /// for example <c>xn--bcher-2pa</c> (<c>bÜcher</c>); its canonical spelling (<c>xn--bcher-kva</c>) is accepted.
    /// </summary>
    NonCanonicalPunycode,
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
        InvalidEmailAddressReason.InvalidLocalPart => "The part of an email address before the @ cannot contain spaces, control, invisible or unassigned characters.",
        InvalidEmailAddressReason.QuotedLocalPart => "Email addresses with quotation marks are not supported.",
        InvalidEmailAddressReason.Comment => "Email addresses with comments in parentheses are not supported.",
        InvalidEmailAddressReason.DotAtStartOrEnd => "The part of an email address before the @ cannot start or end with a dot.",
        InvalidEmailAddressReason.ConsecutiveDots => "The part of an email address before the @ cannot have two dots in a row.",
        InvalidEmailAddressReason.SpecialCharacterInLocalPart => "The part of an email address before the @ can use letters, digits, dots and ! # $ % & ' * + - / = ? ^ _ ` { | } ~, but not characters such as \\ , ; : < > [ ].",
        InvalidEmailAddressReason.AddressLiteral => "The domain after the @ must be a name such as example.com, not an address in brackets.",
        InvalidEmailAddressReason.InvisibleCharacterInDomain => "The domain after the @ cannot contain invisible characters such as soft hyphens, zero-width spaces or direction marks.",
        InvalidEmailAddressReason.CompatibilityCharacterInDomain => "Type the domain after the @ with ordinary characters, not full-width or styled ones.",
        InvalidEmailAddressReason.InvalidPunycode => "A part of the domain starting with xn-- is not valid.",
        InvalidEmailAddressReason.NonCanonicalPunycode => "A part of the domain starting with xn-- is not written in its standard form.",
        _ => "The email address is not valid.",
    };
}
