using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.InMemory;

/// <summary>
/// A <see cref="SettingsService"/> wired to the in-memory adapters: the embedded default for development, samples
/// and tests. Production hosts construct <see cref="SettingsService"/> with their own repository and mailer.
/// </summary>
public sealed class InMemorySettings
{
    private InMemorySettings(IClock clock, ISecretGenerator secrets, IEnumerable<IAccountEventHandler> extraHandlers, SettingsServiceOptions? options)
    {
        Service = new SettingsService(Accounts, Mailer, ApiKeys, clock, secrets, [Events, .. extraHandlers], options, AuditTrail);
    }

    /// <summary>The service, ready to use.</summary>
    public SettingsService Service { get; }

    /// <summary>The stored accounts.</summary>
    public InMemoryAccountRepository Accounts { get; } = new();

    /// <summary>The sent invitation emails.</summary>
    public InMemoryInvitationMailer Mailer { get; } = new();

    /// <summary>The API-key lookup the service keeps in step.</summary>
    public InMemoryApiKeyIndex ApiKeys { get; } = new();

    /// <summary>Every event dispatched after a save.</summary>
    public InMemoryEventLog Events { get; } = new();

    /// <summary>The audit trail the service appends every saved change to, and reads with <see cref="SettingsService.ListAuditTrailAsync"/> (R28).</summary>
    public InMemoryAuditTrail AuditTrail { get; } = new();

    /// <summary>Wires everything in memory.</summary>
    /// <param name="clock">The clock; NodaTime's <see cref="SystemClock.Instance"/> when <c>null</c> (tests pass a <c>FakeClock</c>).</param>
    /// <param name="secrets">The randomness; <see cref="CryptographicSecretGenerator.Instance"/> when <c>null</c>.</param>
    /// <param name="eventHandlers">More handlers, run after <see cref="Events"/> records each event.</param>
    /// <param name="options">Retry settings.</param>
    /// <returns>The wired bundle.</returns>
    public static InMemorySettings Create(IClock? clock = null, ISecretGenerator? secrets = null, IEnumerable<IAccountEventHandler>? eventHandlers = null, SettingsServiceOptions? options = null) =>
        new(clock ?? SystemClock.Instance, secrets ?? CryptographicSecretGenerator.Instance, eventHandlers ?? [], options);
}
