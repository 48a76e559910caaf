using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Members;

/// <summary>R18: the local part is an RFC 5322 dot-atom; quoted strings, comments and address literals are refused.</summary>
public partial class EmailAddressTests
{
    [Theory]
    [InlineData("!#$%&'*+/=?^`{|}~@iana.org")]
    [InlineData("first.last+tag@iana.org")]
    [InlineData("a.b.c.d@iana.org")]
    [InlineData("-_-@iana.org")]
    [InlineData("123@iana.org")]
    [InlineData("xn--test@iana.org")]            // a local part that happens to start like a Punycode label
    [InlineData("test@123.com")]                 // a digits-only label that is not the last
    [InlineData("test@c--n.com")]
    [InlineData("test@xn--hxajbheg2az3al.xn--jxalpdlp")]
    public void Create_DotAtom_IsAccepted_R18(string text) => Assert.Equal(text.ToLowerInvariant(), Valid(text).Value);

    [Theory]
    [InlineData(".test@iana.org")]
    [InlineData("test.@iana.org")]
    [InlineData(".@iana.org")]
    public void Create_DotFirstOrLast_IsDotAtStartOrEnd_R18(string text) =>
        Assert.Equal(InvalidEmailAddressReason.DotAtStartOrEnd, Refusal(text));

    [Theory]
    [InlineData("test..test@iana.org")]
    [InlineData("a...b@iana.org")]
    public void Create_TwoDotsInARow_IsConsecutiveDots_R18(string text) =>
        Assert.Equal(InvalidEmailAddressReason.ConsecutiveDots, Refusal(text));

    [Theory]
    [InlineData("\"test\"@iana.org")]
    [InlineData("\"\"@iana.org")]
    [InlineData("\"\"\"@iana.org")]
    [InlineData("\"test@iana.org")]
    [InlineData("test\"@iana.org")]
    [InlineData("\"test\"test@iana.org")]
    [InlineData("\"test\".test@iana.org")]
    [InlineData("\"test\\©\"@iana.org")]
    [InlineData("\"john doe\"@iana.org")]
    public void Create_QuotedLocalPart_IsQuotedLocalPart_R18(string text) =>
        Assert.Equal(InvalidEmailAddressReason.QuotedLocalPart, Refusal(text));

    [Theory]
    [InlineData("(comment)test@iana.org")]
    [InlineData("((comment)test@iana.org")]
    [InlineData("test(comment)test@iana.org")]
    [InlineData("test.(comment)test@iana.org")]
    [InlineData("()test@iana.org")]
    [InlineData("test@(comment)iana.org")]
    [InlineData("test@iana.org(comment)")]
    public void Create_Comment_IsComment_R18(string text) => Assert.Equal(InvalidEmailAddressReason.Comment, Refusal(text));

    [Theory]
    [InlineData("test\\test@iana.org")]
    [InlineData("a,b@iana.org")]
    [InlineData("a;b@iana.org")]
    [InlineData("a:b@iana.org")]
    [InlineData("a<b>@iana.org")]
    [InlineData("a[b]@iana.org")]
    public void Create_AsciiSpecialInLocalPart_IsSpecialCharacterInLocalPart_R18(string text) =>
        Assert.Equal(InvalidEmailAddressReason.SpecialCharacterInLocalPart, Refusal(text));

    [Theory]
    [InlineData("test@[255.255.255.255]")]
    [InlineData("ada@[192.168.0.1]")]
    [InlineData("test@[IPv6:1111:2222:3333:4444:5555:6666:7777:8888]")]
    [InlineData("test@[1.2.3.4")]
    [InlineData("test@a[255.255.255.255]")]
    public void Create_AddressLiteral_IsAddressLiteral_R18(string text) =>
        Assert.Equal(InvalidEmailAddressReason.AddressLiteral, Refusal(text));

    [Theory]
    [InlineData("test@io")]
    [InlineData("test@iana.123")]
    [InlineData("test@255.255.255.255")]
    [InlineData("test@iana/icann.org")]
    [InlineData("test@iana.org-")]
    public void Create_NotADomainName_IsInvalidDomain_R18(string text) =>
        Assert.Equal(InvalidEmailAddressReason.InvalidDomain, Refusal(text));

    [Fact]
    public void Create_LocalPartOf64AndLabelOf63_AreAccepted_R18()
    {
        Valid("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghiklm@iana.org");
        Valid("test@abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghikl.com");
    }

    [Fact]
    public void InvalidEmailAddress_NewReasons_DoNotRepeatTheAddress()
    {
        foreach (var text in new[] { "\"lovelace\"@example.com", "(lovelace)a@example.com", ".lovelace@example.com", "lovelace@[1.2.3.4]" })
        {
            var error = EmailAddress.Create(text).AsT1;
            Assert.DoesNotContain("lovelace", error.Message);
        }
    }
}
