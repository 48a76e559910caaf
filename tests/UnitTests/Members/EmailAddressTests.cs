using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Members;

/// <summary>R18, R33: email addresses (also run in globalization-invariant mode, where the answers must be the same).</summary>
[Trait("Category", "Globalization")]
public partial class EmailAddressTests
{
    private static EmailAddress Valid(string text) =>
        EmailAddress.Create(text).Match(address => address, error => throw new Xunit.Sdk.XunitException($"{text}: {error.Reason}"));

    private static InvalidEmailAddressReason Refusal(string? text) =>
        EmailAddress.Create(text).Match(address => throw new Xunit.Sdk.XunitException($"{text} was accepted as {address}"), error => error.Reason);

    [Fact]
    public void Create_PlainAddress_SplitsLocalPartAndDomain_R18()
    {
        var address = Valid("ada@example.com");
        Assert.Equal("ada@example.com", address.Value);
        Assert.Equal("ada", address.LocalPart);
        Assert.Equal("example.com", address.Domain);
        Assert.Equal("ada@example.com", address.ToString());
    }

    [Fact]
    public void Create_SurroundingWhiteSpace_IsTrimmed_R18() =>
        Assert.Equal("ada@example.com", Valid(" \t ada@example.com \r\n").Value);

    [Fact]
    public void Create_MixedCase_IsLowerCasedAndEqual_R18()
    {
        var typed = Valid("Ada.Lovelace@Example.COM");
        Assert.Equal("ada.lovelace@example.com", typed.Value);
        Assert.Equal(Valid("ada.lovelace@example.com"), typed);
        Assert.True(Valid(" ADA.LOVELACE@EXAMPLE.COM ") == typed);
        Assert.Equal(Valid("ada.lovelace@example.com").GetHashCode(), typed.GetHashCode());
    }

    [Fact]
    public void Create_DifferentAddresses_AreNotEqual_R18()
    {
        Assert.NotEqual(Valid("ada@example.com"), Valid("ada@example.org"));
        Assert.True(Valid("ada@example.com") != Valid("bob@example.com"));
    }

    [Fact]
    public void Create_UnicodeDomain_IsConvertedToPunycode_R18()
    {
        var address = Valid("user@Bücher.example");
        Assert.Equal("user@xn--bcher-kva.example", address.Value);
        Assert.Equal("xn--bcher-kva.example", address.Domain);
        Assert.Equal(Valid("USER@xn--bcher-kva.example"), address);
    }

    [Fact]
    public void Create_UnicodeLocalPart_IsAcceptedAndLowerCased_R18() =>
        Assert.Equal("josé@example.com", Valid("JOSÉ@example.com").Value);

    [Fact]
    public void Create_PlusAndDotsInLocalPart_AreAccepted_R18() =>
        Assert.Equal("first.last+tag@mail.example.co.uk", Valid("first.last+tag@mail.example.co.uk").Value);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_Blank_IsEmpty_R18(string? text) => Assert.Equal(InvalidEmailAddressReason.Empty, Refusal(text));

    [Fact]
    public void Create_NoAt_IsMissingAt_R18() => Assert.Equal(InvalidEmailAddressReason.MissingAt, Refusal("ada.example.com"));

    [Theory]
    [InlineData("ada@bob@example.com")]
    [InlineData("ada@@example.com")]
    [InlineData("\"a@b\"@example.com")]
    public void Create_TwoAts_IsMoreThanOneAt_R18(string text) => Assert.Equal(InvalidEmailAddressReason.MoreThanOneAt, Refusal(text));

    [Fact]
    public void Create_NothingBeforeAt_IsEmptyLocalPart_R18() => Assert.Equal(InvalidEmailAddressReason.EmptyLocalPart, Refusal("@example.com"));

    [Theory]
    [InlineData("ada lovelace@example.com")]
    [InlineData("ada\tlovelace@example.com")]
    [InlineData("ada\u0000@example.com")]
    [InlineData("ada\u200B@example.com")]   // zero-width space
    [InlineData("ada\u202E@example.com")]   // right-to-left override
    public void Create_WhiteSpaceOrInvisibleInLocalPart_IsInvalidLocalPart_R18(string text) =>
        Assert.Equal(InvalidEmailAddressReason.InvalidLocalPart, Refusal(text));

    [Fact]
    public void Create_LoneSurrogateInLocalPart_IsInvalidLocalPart_R18() =>
        Assert.Equal(InvalidEmailAddressReason.InvalidLocalPart, Refusal("ada" + '\uD800' + "@example.com"));

    [Fact]
    public void Create_SurrogatePairInLocalPart_IsAccepted_R18() => Assert.Equal("ada😀@example.com", Valid("ada😀@example.com").Value);

    [Fact]
    public void Create_LocalPartOf64_IsAccepted_R18() =>
        Assert.Equal(64, Valid(new string('a', 64) + "@example.com").LocalPart.Length);

    [Fact]
    public void Create_LocalPartOf65_IsLocalPartTooLong_R18() =>
        Assert.Equal(InvalidEmailAddressReason.LocalPartTooLong, Refusal(new string('a', 65) + "@example.com"));

    [Fact]
    public void Create_LocalPartOf64BytesWithUnicode_IsCountedInUtf8Bytes_R18()
    {
        Assert.Equal(64, Valid(new string('é', 32) + "@example.com").LocalPart.Length * 2);
        Assert.Equal(InvalidEmailAddressReason.LocalPartTooLong, Refusal(new string('é', 33) + "@example.com"));
    }

    [Theory]
    [InlineData("ada@")]
    [InlineData("ada@example")]            // one label
    [InlineData("ada@.example.com")]
    [InlineData("ada@example..com")]
    [InlineData("ada@example.com.")]       // trailing dot
    [InlineData("ada@-example.com")]
    [InlineData("ada@example-.com")]
    [InlineData("ada@exa_mple.com")]
    [InlineData("ada@exa mple.com")]
    [InlineData("ada@192.168.0.1")]        // all-digit top-level label: an IP address
    [InlineData("ada@bü cher.example")]    // white space in a Unicode label
    [InlineData("ada@bücher.example.")]    // trailing dot after a Unicode label
    public void Create_BadDomain_IsInvalidDomain_R18(string text) => Assert.Equal(InvalidEmailAddressReason.InvalidDomain, Refusal(text));

    [Fact]
    public void Create_LabelOf63_IsAccepted_LabelOf64_IsInvalidDomain_R18()
    {
        Valid($"ada@{new string('x', 63)}.com");
        Assert.Equal(InvalidEmailAddressReason.InvalidDomain, Refusal($"ada@{new string('x', 64)}.com"));
    }

    [Fact]
    public void Create_TotalOf254_IsAccepted_R18() => Assert.Equal(254, Valid(AddressOfLength(254)).Value.Length);

    [Fact]
    public void Create_TotalOf255_IsTooLong_R18() => Assert.Equal(InvalidEmailAddressReason.TooLong, Refusal(AddressOfLength(255)));

    [Fact]
    public void Create_UnicodeDomainLongOncePunycoded_IsTooLong_R18()
    {
        // 240 characters as typed, over 254 once the domain is in its ASCII form.
        var text = new string('a', 60) + "@" + string.Join('.', Enumerable.Repeat("büüüüüüüüüücher", 11)) + ".de";
        Assert.True(text.Length <= EmailAddress.MaxLength);
        Assert.Equal(InvalidEmailAddressReason.TooLong, Refusal(text));
    }

    [Fact]
    public void Create_UnicodeDomainWithIdeographicFullStop_IsNormalized_R18() =>
        Assert.Equal("ada@xn--bcher-kva.example", Valid("ada@bücher\u3002example").Value);

    [Fact]
    public void InvalidEmailAddress_HasStableCodeAndSpecificMessages_R18()
    {
        var messages = Enum.GetValues<InvalidEmailAddressReason>().Select(reason => new InvalidEmailAddress(reason)).ToList();
        Assert.All(messages, error => Assert.Equal("email.invalid", error.Code));
        Assert.Equal(messages.Count, messages.Select(error => error.Message).Distinct().Count());
    }

    [Fact]
    public void InvalidEmailAddress_Message_DoesNotRepeatTheAddress()
    {
        var error = EmailAddress.Create("ada lovelace@example.com").AsT1;
        Assert.DoesNotContain("lovelace", error.Message);
        Assert.DoesNotContain("lovelace", error.ToString());
    }

    /// <summary>A valid ASCII address of exactly <paramref name="length"/> characters: a 64-character local part and 63-character labels.</summary>
    internal static string AddressOfLength(int length)
    {
        var local = new string('a', 64);
        var domainLength = length - local.Length - 1;
        var labels = new List<string>();
        while (domainLength > 0)
        {
            // Leave at least 2 characters (a dot and one letter) for the next label when one is needed.
            var next = Math.Min(63, domainLength);
            if (domainLength - next == 1) next--;
            labels.Add(new string('b', next));
            domainLength -= next + 1;
        }

        return $"{local}@{string.Join('.', labels)}";
    }
}
