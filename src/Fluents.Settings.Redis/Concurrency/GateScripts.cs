using System.Security.Cryptography;
using System.Text;

namespace Fluents.Settings.Redis.Concurrency;

/// <summary>
/// The gate's Lua scripts, one embedded <c>.lua</c> resource per operation (<c>Concurrency/Scripts/</c>), each opening with
/// the keys, arguments and replies it takes.
/// </summary>
/// <remarks>
/// Each is sent as <c>EVALSHA</c> with its SHA-1, computed here once: one round trip, and no script text to hash or send
/// per call. When the server does not know the script (the first call, or after <c>SCRIPT FLUSH</c>, a restart, a failover)
/// it answers <c>NOSCRIPT</c>, and the gate sends it once as text (StackExchange.Redis loads it and evaluates it), so no
/// error reaches the caller.
/// </remarks>
internal static class GateScripts
{
    public static readonly GateScript Calls = Read("calls");
    public static readonly GateScript Renew = Read("renew");
    public static readonly GateScript Apply = Read("apply");
    public static readonly GateScript Headroom = Read("headroom");

    /// <summary>Every script's text by name, for tests.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["calls"] = Calls.Text, ["renew"] = Renew.Text, ["apply"] = Apply.Text, ["headroom"] = Headroom.Text,
    };

    private static GateScript Read(string name)
    {
        var resource = $"Fluents.Settings.Redis.Concurrency.Scripts.{name}.lua";
        using var stream = typeof(GateScripts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The script {resource} is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return new GateScript(text, SHA1.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>A script's text and its SHA-1 (20 bytes), as <c>EVALSHA</c> names it.</summary>
internal sealed record GateScript(string Text, byte[] Hash);
