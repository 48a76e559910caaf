using Fluents.Settings.Invitations;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.UnitTests.Invitations;

public class InvitationTokenTests
{
    private sealed class CountingSecretGenerator : ISecretGenerator
    {
        private byte _next;

        public void Fill(Span<byte> destination)
        {
            foreach (ref var b in destination) b = _next++;
        }
    }

    [Fact]
    public void Issue_Always_Has256BitsAs43Base64UrlCharacters_R23()
    {
        var token = InvitationToken.Issue(CryptographicSecretGenerator.Instance).Reveal();

        Assert.Equal(256, InvitationToken.ByteLength * 8);
        Assert.Equal(43, token.Length);
        Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not base64url"));
        Assert.Equal(InvitationToken.ByteLength, Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length);
    }

    [Fact]
    public void Issue_Always_UsesTheGivenRandomness_R23()
    {
        var token = InvitationToken.Issue(new CountingSecretGenerator());
        Assert.Equal("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", token.Reveal());
    }

    [Fact]
    public void Issue_Twice_GivesDifferentTokensAndHashes_R23()
    {
        var first = InvitationToken.Issue(CryptographicSecretGenerator.Instance);
        var second = InvitationToken.Issue(CryptographicSecretGenerator.Instance);
        Assert.NotEqual(first.Reveal(), second.Reveal());
        Assert.NotEqual(first.Hash, second.Hash);
    }

    [Fact]
    public void Hash_Always_IsTheSha256OfTheText_R23()
    {
        var token = InvitationToken.Issue(CryptographicSecretGenerator.Instance);
        Assert.Equal(SecretHash.Of(token.Reveal()), token.Hash);
    }

    [Fact]
    public void FromPresented_SameText_HashMatchesInConstantTime_R22()
    {
        var issued = InvitationToken.Issue(CryptographicSecretGenerator.Instance);
        Assert.True(InvitationToken.FromPresented(issued.Reveal()).Hash.FixedTimeEquals(issued.Hash));
        Assert.False(InvitationToken.FromPresented(issued.Reveal() + "x").Hash.FixedTimeEquals(issued.Hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token at all")]
    public void FromPresented_AnyText_IsWrappedWithoutValidation(string presented) =>
        Assert.Equal(presented, InvitationToken.FromPresented(presented).Reveal());

    [Fact]
    public void FromPresented_Null_Throws() => Assert.Throws<ArgumentNullException>(() => InvitationToken.FromPresented(null!));

    [Fact]
    public void Issue_NullRandom_Throws() => Assert.Throws<ArgumentNullException>(() => InvitationToken.Issue(null!));

    [Fact]
    public void ToString_Always_IsRedacted_R23()
    {
        var token = InvitationToken.Issue(CryptographicSecretGenerator.Instance);
        Assert.Equal("InvitationToken(redacted)", token.ToString());
        Assert.DoesNotContain(token.Reveal(), $"{token}");
        Assert.DoesNotContain(token.Reveal(), token.Hash.ToString());
    }
}
