using Fluents.Settings.Accounts;
using Fluents.Settings.Audit;

namespace Fluents.Settings.UnitTests.Audit;

/// <summary>The page cursor (R28): opaque URL-safe text that reads back as exactly the position it was written from, and nothing else.</summary>
public class AuditCursorTests
{
    private static readonly AuditCursor Cursor = new(TestAccounts.AccountId, 1234, 1);

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(1L, 0)]
    [InlineData(1234L, 1)]
    [InlineData(long.MaxValue - 1, int.MaxValue)]
    public void ToString_ThenTryParse_IsTheSamePosition(long version, int index)
    {
        var cursor = new AuditCursor(TestAccounts.AccountId, version, index);

        Assert.True(AuditCursor.TryParse(cursor.ToString(), out var read));
        Assert.Equal(cursor, read);
    }

    [Fact]
    public void ToString_IsUrlSafeTextOfFixedLength()
    {
        var text = Cursor.ToString();

        Assert.Equal(44, text.Length);
        Assert.All(text, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not URL-safe"));
        Assert.Equal(Uri.EscapeDataString(text), text);
    }

    [Fact]
    public void TryParse_AnyOneCharacterChanged_IsRefused_R28()
    {
        var text = Cursor.ToString();
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (var i = 0; i < text.Length; i++)
        {
            foreach (var replacement in alphabet.Where(c => c != text[i]))
            {
                var tampered = text[..i] + replacement + text[(i + 1)..];
                Assert.False(AuditCursor.TryParse(tampered, out _), $"'{tampered}' (character {i} changed) was read as a cursor");
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("AQGW8AAAAABwAIAAAAAAoAEAAAAAAAAE0gAAAAE")] // cut short
    [InlineData("AQGW8AAAAABwAIAAAAAAoAEAAAAAAAAE0gAAAAEAAAAAAA")] // too long
    [InlineData("0196f000-0000-7000-8000-00000000a001:1234:1")] // a guess at the layout
    public void TryParse_TextThatIsNoCursor_IsRefused(string? text)
    {
        Assert.False(AuditCursor.TryParse(text, out var cursor));
        Assert.Equal(default, cursor);
    }

    [Fact]
    public void TryParse_CutOrPaddedCursor_IsRefused()
    {
        var text = Cursor.ToString();

        Assert.False(AuditCursor.TryParse(text[..^1], out _));
        Assert.False(AuditCursor.TryParse(text + "A", out _));
        Assert.False(AuditCursor.TryParse(text + "=", out _));
        Assert.False(AuditCursor.TryParse(" " + text, out _));
    }

    [Fact]
    public void Constructor_DefaultAccountOrNegativeNumbers_Throw()
    {
        Assert.Throws<ArgumentException>(() => new AuditCursor(default, 1, 0));
        Assert.Throws<ArgumentException>(() => new AuditCursor(TestAccounts.AccountId, -1, 0));
        Assert.Throws<ArgumentException>(() => new AuditCursor(TestAccounts.AccountId, 1, -1));
        Assert.Equal(string.Empty, default(AuditCursor).ToString());
    }

    [Fact]
    public void Cursors_OfTwoAccounts_Differ()
    {
        var other = new AuditCursor(new AccountId(Guid.Parse("0196f000-0000-7000-8000-00000000a0ff")), Cursor.Version, Cursor.Index);

        Assert.NotEqual(Cursor.ToString(), other.ToString());
        Assert.True(AuditCursor.TryParse(other.ToString(), out var read));
        Assert.Equal(other.Account, read.Account);
    }
}
