using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Members;

/// <summary>
/// R18: a hand-written sample modelled on the categories of Dominic Sayers' isemail test suite (BSD licence,
/// github.com/dominicsayers/isemail, test/tests.xml): what it classes invalid is refused (apart from surrounding
/// white space, which the documented trim removes), what it classes plainly valid is accepted, and the forms that
/// RFC 5321/5322 allow but our policy refuses are refused.
/// </summary>
[Trait("Category", "Globalization")]
public class EmailSyntaxSuiteSampleTests
{
    // ISEMAIL_ERR: invalid by every RFC.
    [Theory]
    [InlineData("")]
    [InlineData("test")]
    [InlineData("@")]
    [InlineData("test@")]
    [InlineData("@iana.org")]
    [InlineData(".test@iana.org")]
    [InlineData("test.@iana.org")]
    [InlineData("test..iana.org")]
    [InlineData("test_exa-mple.com")]
    [InlineData("test\\@test@iana.org")]
    [InlineData("test@-iana.org")]
    [InlineData("test@iana-.com")]
    [InlineData("test@.iana.org")]
    [InlineData("test@iana.org.")]
    [InlineData("test@iana..com")]
    [InlineData("\"\"\"@iana.org")]
    [InlineData("\"\\\"@iana.org")]
    [InlineData("test\"@iana.org")]
    [InlineData("\"test@iana.org")]
    [InlineData("\"test\"test@iana.org")]
    [InlineData("test\"text\"@iana.org")]
    [InlineData("\"test\"\"test\"@iana.org")]
    [InlineData("\"test\\©\"@iana.org")]
    [InlineData("test@a[255.255.255.255]")]
    [InlineData("((comment)test@iana.org")]
    [InlineData("test(comment)test@iana.org")]
    [InlineData("(test@iana.org")]
    [InlineData("test@(iana.org")]
    [InlineData("test@[1.2.3.4")]
    [InlineData("test@iana.org(comment\\")]
    [InlineData("test@[RFC-5322]-domain-literal]")]
    [InlineData("test@.org")]
    [InlineData("test@iana.org-")]
    [InlineData("\u0007@iana.org")]
    [InlineData("test@\u0007.org")]
    [InlineData("\"\u000A\"@iana.org")]
    [InlineData("(\u000A)test@iana.org")]
    public void Create_InvalidBySyntax_IsRefused_R18(string text) => Assert.True(EmailAddress.Create(text).IsT1, text);

    // ISEMAIL_ERR only because of CR, LF or spaces around the address: the documented trim removes them.
    [Theory]
    [InlineData("test@iana.org\n")]
    [InlineData("\r\ntest@iana.org")]
    [InlineData(" \r\n\r\ntest@iana.org")]
    [InlineData("test@iana.org \r\n\r\n ")]
    public void Create_InvalidOnlyBySurroundingWhiteSpace_IsTrimmedAndAccepted_R18(string text) =>
        Assert.Equal("test@iana.org", EmailAddress.Create(text).AsT0.Value);

    // ISEMAIL_VALID and ISEMAIL_DNSWARN: valid syntax (DNS aside).
    [Theory]
    [InlineData("test@iana.org")]
    [InlineData("test@nominet.org.uk")]
    [InlineData("test@about.museum")]
    [InlineData("a@iana.org")]
    [InlineData("test@e.com")]
    [InlineData("test@iana.a")]
    [InlineData("test.test@iana.org")]
    [InlineData("!#$%&`*+/=?^`{|}~@iana.org")]
    [InlineData("123@iana.org")]
    [InlineData("test@123.com")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghiklm@iana.org")]
    [InlineData("test@abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghikl.com")]
    [InlineData("test@mason-dixon.com")]
    [InlineData("test@c--n.com")]
    [InlineData("test@iana.co-uk")]
    [InlineData("test@xn--hxajbheg2az3al.xn--jxalpdlp")]
    [InlineData("xn--test@iana.org")]
    public void Create_ValidSyntax_IsAccepted_R18(string text) => Assert.True(EmailAddress.Create(text).IsT0, text);

    // Valid by RFC 5321/5322 (or only by their obsolete syntax), refused by policy (see EmailAddress remarks).
    [Theory]
    [InlineData("test@io", InvalidEmailAddressReason.InvalidDomain)]                 // single-label domain
    [InlineData("test@iana.123", InvalidEmailAddressReason.InvalidDomain)]           // numeric top-level label
    [InlineData("\"test\"@iana.org", InvalidEmailAddressReason.QuotedLocalPart)]
    [InlineData("\"\"@iana.org", InvalidEmailAddressReason.QuotedLocalPart)]
    [InlineData("\"test\".\"test\"@iana.org", InvalidEmailAddressReason.QuotedLocalPart)]
    [InlineData("\"test\\ test\"@iana.org", InvalidEmailAddressReason.QuotedLocalPart)]
    [InlineData("test@[255.255.255.255]", InvalidEmailAddressReason.AddressLiteral)]
    [InlineData("test@[IPv6:1111:2222:3333:4444:5555:6666:7777:8888]", InvalidEmailAddressReason.AddressLiteral)]
    [InlineData("test@[RFC-5322-domain-literal]", InvalidEmailAddressReason.AddressLiteral)]
    [InlineData("(comment)test@iana.org", InvalidEmailAddressReason.Comment)]
    [InlineData("test@(comment)iana.org", InvalidEmailAddressReason.Comment)]
    [InlineData("test.(comment)test@iana.org", InvalidEmailAddressReason.Comment)]
    [InlineData(" test @iana.org", InvalidEmailAddressReason.InvalidLocalPart)]      // obsolete: white space near the @
    [InlineData("test . test@iana.org", InvalidEmailAddressReason.InvalidLocalPart)] // obsolete: white space around a dot
    [InlineData("test@ iana .com", InvalidEmailAddressReason.InvalidDomain)]
    public void Create_ValidByRfcButNotByPolicy_IsRefusedWithItsReason_R18(string text, InvalidEmailAddressReason reason) =>
        Assert.Equal(reason, EmailAddress.Create(text).AsT1.Reason);
}
