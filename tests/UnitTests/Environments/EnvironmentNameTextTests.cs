using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Environments;

/// <summary>
/// R2, R33: environment names are well-formed, visible, NFC text, compared the same way on every host
/// (these tests also run in globalization-invariant mode).
/// </summary>
[Trait("Category", "Globalization")]
public class EnvironmentNameTextTests
{
    private static readonly Instant Later = TestAccounts.Now + Duration.FromHours(1);
    private readonly SeededSecretGenerator _random = new(21);

    private static EnvironmentName Valid(string text) =>
        EnvironmentName.Create(text).Match(name => name, error => throw new Xunit.Sdk.XunitException($"{Escape(text)}: {error.Reason}"));

    private static InvalidEnvironmentNameReason Refusal(string text) =>
        EnvironmentName.Create(text).Match(name => throw new Xunit.Sdk.XunitException($"{Escape(text)} was accepted as {Escape(name.Value)}"), error => error.Reason);

    /// <summary>
    /// Test data with unpaired surrogates written as <c>{D800}</c>: xunit's theory data serialization would turn a
    /// lone surrogate in an <c>InlineData</c> string into U+FFFD before the test sees it.
    /// </summary>
    internal static string Unescape(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "\\{([0-9A-F]{4})\\}", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());

    private static string Escape(string text) => string.Concat(text.Select(c => c < 0x80 ? c.ToString() : $"\\u{(int)c:X4}"));

    [Theory]
    [InlineData("x{D800}")]
    [InlineData("x{D801}")]
    [InlineData("{DC00}x")]
    [InlineData("a{DC00}{D800}b")] // reversed pair
    public void Create_UnpairedSurrogate_IsRefused_R33(string text) =>
        Assert.Equal(InvalidEnvironmentNameReason.UnpairedSurrogate, Refusal(Unescape(text)));

    [Theory]
    [InlineData("default\u200B")]          // zero-width space
    [InlineData("\u200B\u200B")]           // nothing but zero-width spaces
    [InlineData("\u200C\u200D\u2060")]     // joiners and word joiner only
    [InlineData("prod\u202Eved")]          // right-to-left override
    [InlineData("a\u202Ab")]               // left-to-right embedding
    [InlineData("a\u2066b\u2069")]         // isolates
    [InlineData("a\u200Eb")]               // left-to-right mark
    [InlineData("de\u00ADfault")]          // soft hyphen
    [InlineData("\uFEFFdefault")]          // byte order mark
    [InlineData("\u3164")]                 // Hangul filler: a letter that renders as nothing
    [InlineData("a\u034Fb")]               // combining grapheme joiner
    [InlineData("\U0001F469\u200D\U0001F4BB dev")] // an emoji ZWJ sequence: the joiner is refused too
    [InlineData("\u2764\uFE0F prod")]      // an emoji variation selector
    public void Create_InvisibleCharacter_IsRefused_R33(string text) =>
        Assert.Equal(InvalidEnvironmentNameReason.InvisibleCharacter, Refusal(text));

    [Theory]
    [InlineData("a\u2028b")] // line separator
    [InlineData("a\u2029b")] // paragraph separator
    [InlineData("a\u0085b")] // next line (C1 control)
    public void Create_LineBreak_IsControlCharacter_R33(string text) =>
        Assert.Equal(InvalidEnvironmentNameReason.ControlCharacter, Refusal(text));

    [Theory]
    [InlineData("a\u0378")]       // unassigned
    [InlineData("a\uE000")]       // private use
    [InlineData("a\uFFFF")]       // noncharacter
    [InlineData("a\U000E0080")]   // unassigned supplementary
    public void Create_UnassignedOrPrivateUse_IsRefused_R33(string text) =>
        Assert.Equal(InvalidEnvironmentNameReason.UnassignedCharacter, Refusal(text));

    [Theory]
    [InlineData("\u0301")]
    [InlineData("\u0301 \u0308")]
    public void Create_OnlyCombiningMarks_IsNoVisibleCharacter_R33(string text) =>
        Assert.Equal(InvalidEnvironmentNameReason.NoVisibleCharacter, Refusal(text));

    [Fact]
    public void Create_Decomposed_IsStoredInNfc_R33()
    {
        var name = Valid("cafe\u0301");
        Assert.Equal("caf\u00E9", name.Value);
        Assert.Equal(4, name.Value.Length);
    }

    [Theory]
    [InlineData("prod\u00A0eu", "prod eu")]   // no-break space
    [InlineData("prod\u3000eu", "prod eu")]   // ideographic space
    [InlineData("prod \u2003 eu", "prod eu")] // a run of spaces
    [InlineData("prod   eu", "prod eu")]
    public void Create_SpaceCharacters_BecomeOnePlainSpace_R33(string text, string stored) =>
        Assert.Equal(stored, Valid(text).Value);

    [Theory]
    [InlineData("\U0001F680 prod")]      // single-character emoji
    [InlineData("\U0001F44D\U0001F3FD")] // emoji with a skin-tone modifier (visible)
    [InlineData("日本語")]
    [InlineData("Ελληνικά")]
    [InlineData("עברית")]                // right-to-left text itself is fine, only the controls are refused
    public void Create_VisibleUnicode_IsAccepted_R33(string text) => Assert.Equal(text, Valid(text).Value);

    [Fact]
    public void Create_LengthIsCountedAfterNfc_R2()
    {
        // 64 decomposed é: 128 UTF-16 code units typed, 64 once composed.
        Assert.Equal(64, Valid(string.Concat(Enumerable.Repeat("e\u0301", 64))).Value.Length);
        Assert.Equal(InvalidEnvironmentNameReason.TooLong, Refusal(string.Concat(Enumerable.Repeat("e\u0301", 65))));
    }

    [Theory]
    [InlineData("Café", "cafe\u0301")]
    [InlineData("Café", "CAFE\u0301")]
    [InlineData("\u212Aelvin", "kelvin")]   // Kelvin sign: canonically K
    [InlineData("\u00C5ngstr\u00F6m", "\u212Bngstro\u0308m")] // Angstrom sign
    [InlineData("ΣΊΣΥΦΟΣ", "σίσυφος")]
    [InlineData("prod eu", "prod\u00A0eu")]
    public void Create_NamesEqualAfterNfcAndCaseFolding_AreTakenInTheAccount_R2(string first, string second)
    {
        var account = TestAccounts.Open(planLimit: 10).Account;
        _ = account.CreateEnvironment(TestAccounts.Admin, first, 0, Later, _random).Value;
        var before = AccountState.Of(account);

        var result = account.CreateEnvironment(TestAccounts.Admin, second, 0, Later, _random);

        Assert.IsType<EnvironmentNameTaken>(result.Error);
        Assert.Equal(before, AccountState.Of(account));
        Assert.Equal(Valid(first), Valid(second));
        Assert.Equal(Valid(first).GetHashCode(), Valid(second).GetHashCode());
    }

    [Theory]
    [InlineData("café", "cafe\u0301")]
    [InlineData("café", "CAFÉ")]
    [InlineData("default", "Default")]
    [InlineData("prod eu", "  prod\u00A0 eu ")]
    public void Delete_ConfirmationTypedInAnotherNormalizationOrCase_IsAccepted_R6(string name, string typed)
    {
        var arranged = ArrangedAccount.With(40, ("A", 20), (name, 10));

        var result = arranged.Account.DeleteEnvironment(TestAccounts.Admin, arranged[name], typed, Later);

        Assert.IsType<Success>(result.Value);
    }

    [Theory]
    [InlineData("default\u200B")]
    [InlineData("defa\u00ADult")]
    [InlineData("default{D800}")]
    public void IsConfirmedBy_TextWithAnInvisibleOrBrokenCharacter_ConfirmsNothing_R6(string typed) =>
        Assert.False(EnvironmentName.Default.IsConfirmedBy(Unescape(typed)));

    [Fact]
    public void Comparer_CanonicalAndRawSpellings_AreEqualWithEqualHashes_R2()
    {
        Assert.True(EnvironmentName.Comparer.Equals("Café", "cafe\u0301"));
        Assert.Equal(EnvironmentName.Comparer.GetHashCode("Café"), EnvironmentName.Comparer.GetHashCode("cafe\u0301"));
        Assert.Equal(EnvironmentName.Comparer.GetHashCode("kelvin"), EnvironmentName.Comparer.GetHashCode("\u212Aelvin"));
        Assert.False(EnvironmentName.Comparer.Equals("cafe", "café"));
    }

    [Theory]
    [InlineData("cafe\u0301")]   // not NFC
    [InlineData("prod\u00A0eu")] // not plain spaces
    [InlineData("x{D800}")]      // ill-formed
    [InlineData("default\u200B")]
    public void FromSnapshot_NameNotInCanonicalForm_IsRefused_R33(string stored)
    {
        stored = Unescape(stored);
        var snapshot = ArrangedAccount.With(40, ("A", 20), ("B", 10)).Account.ToSnapshot();
        var corrupt = snapshot with { Environments = [.. snapshot.Environments.Select((e, i) => i == 1 ? e with { Name = stored } : e)] };

        Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(corrupt).Error);
    }

    [Theory]
    [InlineData("x{D800}", "x{D801}")]
    [InlineData("caf\u00E9", "cafe\u0301")]
    public void FromSnapshot_TwoSpellingsOfOneName_AreNeverBothStored_R33(string first, string second)
    {
        (first, second) = (Unescape(first), Unescape(second));
        // A lenient UTF-8 encoder turns both lone surrogates into U+FFFD; NFC makes café one name. Either way the
        // account could not be loaded again, so such names are never accepted in the first place.
        var account = TestAccounts.Open(planLimit: 10).Account;
        var results = new[] { first, second }.Select(name => account.CreateEnvironment(TestAccounts.Admin, name, 0, Later, _random)).ToList();

        Assert.False(results.All(r => r.Succeeded));
        Assert.IsType<Account>(Account.FromSnapshot(account.ToSnapshot()).Value);
    }
}
