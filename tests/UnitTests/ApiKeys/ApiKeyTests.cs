using Fluents.Settings.ApiKeys;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.UnitTests.ApiKeys;

public class ApiKeyTests
{
    private static readonly ApiKey Key = ApiKey.Issue(new SeededSecretGenerator(2024));

    [Fact]
    public void Reveal_IssuedKey_TheFullKeyWhoseHashIsStored()
    {
        // R24, R25: the plaintext is handed out once; what is kept is its SHA-256.
        var plaintext = Key.Reveal();

        Assert.Equal(ApiKeyFormat.Length, plaintext.Length);
        Assert.Equal(SecretHash.Of(plaintext), Key.Hash);
    }

    [Fact]
    public void ToString_IssuedKey_MaskedHintNotTheKey()
    {
        // DESIGN.md §1: no ToString() ever contains a secret.
        var plaintext = Key.Reveal();

        Assert.Equal(Key.Hint.Masked, Key.ToString());
        Assert.DoesNotContain(plaintext, Key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(plaintext[4..26], $"{Key} {Key.Hint} {Key.Hash}", StringComparison.Ordinal);
    }

    [Fact]
    public void Hint_IssuedKey_PrefixEllipsisAndLastFourCharacters()
    {
        // R25: the masked API Key column.
        var plaintext = Key.Reveal();

        Assert.Equal("flk_\u2026" + plaintext[^4..], Key.Hint.Masked);
        Assert.Equal(Key.Hint.Masked, Key.Hint.ToString());
    }

    [Fact]
    public void HintParse_StoredForm_RoundTrips()
    {
        var parsed = ApiKeyHint.Parse(Key.Hint.ToString());

        Assert.Equal(Key.Hint, parsed);
        Assert.Equal(Key.Hint.Masked, parsed.Masked);
    }

    [Fact]
    public void HintParse_Example_Accepted()
    {
        Assert.Equal("flk_\u2026Ab3x", ApiKeyHint.Parse("flk_\u2026Ab3x").Masked);
    }

    [Theory]
    [InlineData("")]
    [InlineData("flk_...Ab3x")]
    [InlineData("flk_\u2026Ab3")]
    [InlineData("flk_\u2026Ab3xy")]
    [InlineData("flk_\u2026Ab3!")]
    [InlineData("flx_\u2026Ab3x")]
    [InlineData("flk_3kTMd8YQz0W9hVb1xLcN2eRpa4Ab3x")] // a full key is not a hint
    public void HintParse_NotAHint_Throws(string stored)
    {
        Assert.Throws<ArgumentException>(() => ApiKeyHint.Parse(stored));
    }

    [Fact]
    public void HintParse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ApiKeyHint.Parse(null!));
    }

    [Fact]
    public void Hint_Default_EmptyText()
    {
        Assert.Equal(string.Empty, default(ApiKeyHint).Masked);
        Assert.Equal(string.Empty, default(ApiKeyHint).ToString());
    }

    [Fact]
    public void Issue_NullGenerator_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ApiKey.Issue(null!));
    }
}
