using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.PropertyTests;

public class SecretHashProperties
{
    [Property]
    public Property Hex_round_trip_is_identity(NonNull<string> text)
    {
        var hash = SecretHash.Of(text.Get);
        return (SecretHash.TryParseHex(hash.ToHex(), out var parsed) && parsed == hash).ToProperty();
    }
}
