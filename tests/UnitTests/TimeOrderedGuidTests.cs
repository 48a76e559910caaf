using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.UnitTests;

/// <summary>Ids are RFC 9562 version-7 GUIDs: the creation time in milliseconds, then random bits (R1: never derived from a name).</summary>
public class TimeOrderedGuidTests
{
    private sealed class FixedBytes(byte value) : ISecretGenerator
    {
        public void Fill(Span<byte> destination) => destination.Fill(value);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0xFF)]
    [InlineData(0x5A)]
    public void Create_AnyRandomBits_SetsVersionSevenAndTheRfcVariant(byte random)
    {
        var id = TimeOrderedGuid.Create(TestAccounts.Now, new FixedBytes(random));
        var bytes = id.ToByteArray(bigEndian: true);

        Assert.Equal(7, id.Version);
        Assert.Equal(0x70 | (random & 0x0F), bytes[6]);
        Assert.Equal(0x80 | (random & 0x3F), bytes[8]);
        Assert.Equal(Enumerable.Repeat(random, 7), bytes[9..]);
        Assert.Equal(random, bytes[7]);
    }

    [Fact]
    public void Create_AnInstant_WritesItsUnixMillisecondsInTheFirstSixBytes()
    {
        var now = Instant.FromUnixTimeMilliseconds(0x0123_4567_89AB);

        var bytes = TimeOrderedGuid.Create(now, new FixedBytes(0xFF)).ToByteArray(bigEndian: true);

        Assert.Equal(new byte[] { 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB }, bytes[..6]);
    }

    [Fact]
    public void Create_BeforeTheUnixEpoch_WritesZeroTime()
    {
        var bytes = TimeOrderedGuid.Create(Instant.FromUtc(1969, 12, 31, 23, 59), new FixedBytes(0xFF)).ToByteArray(bigEndian: true);

        Assert.Equal(new byte[6], bytes[..6]);
        Assert.Equal(0x7F, bytes[6]);
    }

    [Fact]
    public void Create_LaterInstant_SortsAfter()
    {
        var random = new SeededSecretGenerator();
        var first = TimeOrderedGuid.Create(TestAccounts.Now, random);
        var second = TimeOrderedGuid.Create(TestAccounts.Now + Duration.FromMilliseconds(1), random);

        Assert.True(string.CompareOrdinal(first.ToString(), second.ToString()) < 0);
    }

    [Fact]
    public void New_EveryIdType_IsAVersionSevenGuidOfThatInstant()
    {
        var random = new FixedBytes(0x00);
        var expected = TimeOrderedGuid.Create(TestAccounts.Now, random);

        Assert.Equal(expected, AccountId.New(TestAccounts.Now, random).Value);
        Assert.Equal(expected, EnvironmentId.New(TestAccounts.Now, random).Value);
        Assert.Equal(expected, InvitationId.New(TestAccounts.Now, random).Value);
        Assert.Equal(expected, UserId.New(TestAccounts.Now, random).Value);
    }

    public static TheoryData<string?> NotAnId => [null, "", "not a guid", Guid.Empty.ToString(), "0196f000-0000-7000-8000-00000000a00"];

    [Theory]
    [MemberData(nameof(NotAnId))]
    public void TryParse_NotANonEmptyGuid_IsRefusedWithTheDefaultId(string? text)
    {
        Assert.False(AccountId.TryParse(text, out var account));
        Assert.Equal(default, account);
        Assert.False(EnvironmentId.TryParse(text, out var environment));
        Assert.Equal(default, environment);
        Assert.False(InvitationId.TryParse(text, out var invitation));
        Assert.Equal(default, invitation);
        Assert.False(UserId.TryParse(text, out var user));
        Assert.Equal(default, user);
    }

    [Fact]
    public void TryParse_TheTextOfAnId_GivesTheSameId()
    {
        var guid = Guid.Parse("0196f000-0000-7000-8000-00000000a001");

        Assert.True(AccountId.TryParse(guid.ToString(), out var account));
        Assert.Equal(new AccountId(guid), account);
        Assert.True(EnvironmentId.TryParse(new EnvironmentId(guid).ToString(), out var environment));
        Assert.Equal(new EnvironmentId(guid), environment);
        Assert.True(InvitationId.TryParse(new InvitationId(guid).ToString(), out var invitation));
        Assert.Equal(new InvitationId(guid), invitation);
        Assert.True(UserId.TryParse(new UserId(guid).ToString(), out var user));
        Assert.Equal(new UserId(guid), user);
    }
}
