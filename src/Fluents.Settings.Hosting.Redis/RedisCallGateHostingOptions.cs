namespace Fluents.Settings.Hosting.Redis;

/// <summary>
/// How <see cref="FluentsSettingsBuilderRedisExtensions.UseRedisCallGate"/> reaches Redis, bound from the
/// <c>"FluentsSettings:Redis"</c> section next to the gate's own settings (<c>RedisCallGateOptions</c>:
/// <c>LeaseTimeToLive</c>, <c>RenewalInterval</c>, <c>OperationTimeout</c>, …).
/// </summary>
public sealed class RedisCallGateHostingOptions
{
    /// <summary>The configuration section: <c>FluentsSettings:Redis</c>.</summary>
    public const string SectionName = "FluentsSettings:Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string (e.g. <c>127.0.0.1:6379</c>), used only when the host registered no
    /// <c>IConnectionMultiplexer</c> of its own. The connection does not fail the host's start when Redis is down
    /// (<c>abortConnect=false</c>): admissions are refused with <c>GateUnavailable</c> until it is back.
    /// </summary>
    public string? Configuration { get; set; }
}
