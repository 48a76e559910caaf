using Fluents.Settings.Secrets;

namespace Fluents.Settings.UnitTests;

public class SecretHashTests
{
    [Fact]
    public void Of_SameText_SameHash_HexRoundTrips()
    {
        var hash = SecretHash.Of("flk_example");
        Assert.Equal(hash, SecretHash.Of("flk_example"));
        Assert.NotEqual(hash, SecretHash.Of("flk_examplf"));
        Assert.True(SecretHash.TryParseHex(hash.ToHex(), out var parsed));
        Assert.Equal(hash, parsed);
        Assert.True(hash.FixedTimeEquals(parsed));
    }
}
