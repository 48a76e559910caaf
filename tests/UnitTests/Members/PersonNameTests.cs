using System.Text;
using Fluents.Settings.Accounts;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Members;

/// <summary>R33: user names follow the same text rules as environment names (also run in invariant mode).</summary>
[Trait("Category", "Globalization")]
public class PersonNameTests
{
    private static InvalidPersonNameReason Refusal(string? text) =>
        PersonName.Create(text).Match(name => throw new Xunit.Sdk.XunitException($"accepted as {name.Value}"), error => error.Reason);

    [Theory]
    [InlineData(null, InvalidPersonNameReason.Empty)]
    [InlineData("  ", InvalidPersonNameReason.Empty)]
    [InlineData("Ada\tLovelace", InvalidPersonNameReason.ControlCharacter)]
    [InlineData("Ada\u2028Lovelace", InvalidPersonNameReason.ControlCharacter)]
    [InlineData("Ada{D800}", InvalidPersonNameReason.UnpairedSurrogate)]
    [InlineData("Ada\u200B", InvalidPersonNameReason.InvisibleCharacter)]
    [InlineData("\u202EAda", InvalidPersonNameReason.InvisibleCharacter)]
    [InlineData("\u200B\u200C", InvalidPersonNameReason.InvisibleCharacter)]
    [InlineData("Ada\uE000", InvalidPersonNameReason.UnassignedCharacter)]
    [InlineData("\u0301", InvalidPersonNameReason.NoVisibleCharacter)]
    public void Create_BadText_IsRefusedWithTheReason_R33(string? text, InvalidPersonNameReason reason)
    {
        text = text is null ? null : Environments.EnvironmentNameTextTests.Unescape(text);
        Assert.Equal(reason, Refusal(text));
        var error = PersonName.Create(text).AsT1;
        Assert.Equal("member.name_invalid", error.Code);
        Assert.DoesNotContain("Ada", error.Message);
    }

    [Fact]
    public void Create_Over100_IsTooLong() => Assert.Equal(InvalidPersonNameReason.TooLong, Refusal(new string('a', 101)));

    [Fact]
    public void Create_Exactly100_IsAccepted() => Assert.Equal(new string('a', 100), PersonName.Create(new string('a', 100)).AsT0.Value);

    [Fact]
    public void Create_101TrimmedCharacters_SaysTheLengthGivenAndTheLimit()
    {
        var error = PersonName.Create("  " + new string('é', 101) + " ").AsT1;

        Assert.Equal(new InvalidPersonName(101, InvalidPersonNameReason.TooLong), error);
        Assert.Equal("A user's name can have at most 100 characters.", error.Message);
    }

    // The limit counts the canonical form: 100 decomposed 'é' are 200 code units as typed and 100 in NFC.
    [Fact]
    public void Create_100CharactersInNfcFrom200Typed_IsAccepted_R33() =>
        Assert.Equal(new string('\u00E9', 100), PersonName.Create(string.Concat(Enumerable.Repeat("e\u0301", 100))).AsT0.Value);

    // C0 (U+0000–U+001F) and DEL are checked on the ASCII path, C1 (U+0080–U+009F) on the Unicode path: both are refused
    // at either end of their range, and the printable characters just outside them are not.
    [Theory]
    [InlineData('\u0000')]
    [InlineData('\u001F')]
    [InlineData('\u007F')]
    [InlineData('\u0080')]
    [InlineData('\u009F')]
    public void Create_AControlCharacterOfC0OrC1_IsRefused_R33(char control) =>
        Assert.Equal(InvalidPersonNameReason.ControlCharacter, Refusal($"Ada{control}Lovelace"));

    [Theory]
    [InlineData("Ada ~Lovelace")]
    [InlineData("Ada\u00A1Lovelace")]
    public void Create_PrintableNeighboursOfTheControlRanges_AreAccepted(string text) =>
        Assert.Equal(text, PersonName.Create(text).AsT0.Value);

    [Fact]
    public void Create_Decomposed_IsStoredInNfcWithPlainSpaces_R33() =>
        Assert.Equal("Jos\u00E9 Mart\u00EDnez", PersonName.Create(" Jose\u0301\u00A0\u00A0Marti\u0301nez ").AsT0.Value);

    [Fact]
    public void Create_AcceptedName_SurvivesAStrictUtf8RoundTrip_R33()
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var name = PersonName.Create("Zoë 😀 Ørsted").AsT0.Value;
        Assert.Equal(name, strict.GetString(strict.GetBytes(name)));
    }

    [Fact]
    public void InvalidPersonName_Messages_AreDistinctPerReason()
    {
        var messages = Enum.GetValues<InvalidPersonNameReason>().Select(reason => new InvalidPersonName(1, reason).Message).ToList();
        Assert.Equal(messages.Count, messages.Distinct().Count());
    }

    [Fact]
    public void InvalidPersonName_LengthOnlyConstructor_KeepsItsMeaning()
    {
        Assert.Equal(InvalidPersonNameReason.Empty, new InvalidPersonName(0).Reason);
        Assert.Equal(InvalidPersonNameReason.ControlCharacter, new InvalidPersonName(1).Reason);
        Assert.Equal(InvalidPersonNameReason.ControlCharacter, new InvalidPersonName(100).Reason);
        Assert.Equal(InvalidPersonNameReason.TooLong, new InvalidPersonName(101).Reason);
    }

    [Fact]
    public void AcceptInvitation_NameWithAnInvisibleCharacter_IsRefused_R33()
    {
        var opened = TestAccounts.Open(planLimit: 10);
        var issued = opened.Account.Invite(TestAccounts.Admin, "bob@example.com", Role.Member, TestAccounts.Now, new SeededSecretGenerator(3)).Value;

        var result = opened.Account.AcceptInvitation(new UserId(Guid.NewGuid()), "Bob\u202E", "bob@example.com", issued.Token, TestAccounts.Now);

        Assert.Equal(InvalidPersonNameReason.InvisibleCharacter, Assert.IsType<InvalidPersonName>(result.Error).Reason);
    }

    [Fact]
    public void FromSnapshot_MemberNameNotInNfc_IsRefused_R33()
    {
        var snapshot = TestAccounts.Open(planLimit: 10).Account.ToSnapshot();
        var corrupt = snapshot with { Members = [.. snapshot.Members.Select(m => m with { Name = "Jose\u0301" })] };

        Assert.IsType<InvalidAccountSnapshot>(Account.FromSnapshot(corrupt).Error);
    }
}
