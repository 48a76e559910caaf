namespace Fluents.Settings.Redis.Concurrency;

/// <summary>
/// The gate's Lua scripts, one embedded <c>.lua</c> resource per operation (<c>Concurrency/Scripts/</c>), each opening with
/// the keys, arguments and replies it takes. Sent as text: StackExchange.Redis loads each once per server and then sends
/// <c>EVALSHA</c>, one round trip; when the server lost its script cache (<c>SCRIPT FLUSH</c>, a restart, a failover) it
/// gets <c>NOSCRIPT</c>, loads the script again and retries, so no error reaches the caller.
/// </summary>
internal static class GateScripts
{
    public static readonly string Admit = Read("admit");
    public static readonly string Release = Read("release");
    public static readonly string Renew = Read("renew");
    public static readonly string Apply = Read("apply");
    public static readonly string Headroom = Read("headroom");

    /// <summary>Every script by name, for tests.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["admit"] = Admit, ["release"] = Release, ["renew"] = Renew, ["apply"] = Apply, ["headroom"] = Headroom,
    };

    private static string Read(string name)
    {
        var resource = $"Fluents.Settings.Redis.Concurrency.Scripts.{name}.lua";
        using var stream = typeof(GateScripts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The script {resource} is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
