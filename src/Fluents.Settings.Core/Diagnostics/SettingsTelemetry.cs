using System.Diagnostics;

namespace Fluents.Settings.Diagnostics;

/// <summary>
/// The names under which the library reports what it does: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="ActivitySource"/>, both called <see cref="Name"/>, with the instruments and tags below.
/// </summary>
/// <remarks>
/// <para>The instruments are shaped like ASP.NET Core's rate-limiting metrics (<c>aspnetcore.rate_limiting.*</c>) and named
/// after the OpenTelemetry conventions: dotted lower-case names, durations in seconds, counts with a <c>{unit}</c>. No tag
/// carries an unbounded value: no account, environment, user or key ever appears, only results, use cases and error codes
/// (a fixed set, listed in the README's error table).</para>
/// <para>Metrics are recorded when the service or the gate is given a <see cref="SettingsMetrics"/> (the hosting package
/// does this from the host's <c>IMeterFactory</c>). Spans are started for every use case and every store call whenever a
/// listener samples <see cref="Name"/> (e.g. OpenTelemetry's <c>AddSource("Fluents.Settings")</c>); admissions to the
/// in-process gate never get one, since they take nanoseconds.</para>
/// </remarks>
public static class SettingsTelemetry
{
    /// <summary>The name of the library's meter and activity source: <c>Fluents.Settings</c>.</summary>
    public const string Name = "Fluents.Settings";

    internal static readonly ActivitySource Source = new(Name, typeof(SettingsTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>The instruments' names.</summary>
    public static class Instruments
    {
        /// <summary>Up-down counter, <c>{call}</c>: calls this host admitted that are still running (cf. <c>aspnetcore.rate_limiting.active_request_leases</c>).</summary>
        public const string ActiveCallLeases = "fluents.settings.call_gate.active_call_leases";

        /// <summary>Counter, <c>{call}</c>: admission attempts, tagged with <see cref="Tags.GateResult"/> (cf. <c>aspnetcore.rate_limiting.requests</c>).</summary>
        public const string Admissions = "fluents.settings.call_gate.admissions";

        /// <summary>Histogram, seconds: how long admitted calls held their place, from admission to release; buckets up to four hours (cf. <c>aspnetcore.rate_limiting.request_lease.duration</c>).</summary>
        public const string CallLeaseDuration = "fluents.settings.call_gate.call_lease.duration";

        /// <summary>Counter, <c>{verification}</c>: API keys presented, tagged with <see cref="Tags.ApiKeyResult"/>.</summary>
        public const string ApiKeyVerifications = "fluents.settings.api_key.verifications";

        /// <summary>Histogram, seconds: how long each use case took, tagged with <see cref="Tags.UseCase"/>, <see cref="Tags.Outcome"/> and, when refused, <see cref="Tags.ErrorType"/>.</summary>
        public const string UseCaseDuration = "fluents.settings.use_case.duration";

        /// <summary>Counter, <c>{conflict}</c>: saves that lost to another writer, tagged with <see cref="Tags.UseCase"/> and <see cref="Tags.Retried"/>.</summary>
        public const string ConcurrencyConflicts = "fluents.settings.use_case.concurrency_conflicts";

        /// <summary>Histogram, seconds: how long an outbox entry waited between its commit and its delivery (recorded by an outbox relay).</summary>
        public const string OutboxLag = "fluents.settings.outbox.lag";
    }

    /// <summary>The tags' names and their values.</summary>
    public static class Tags
    {
        /// <summary>The call gate's answer: <c>admitted</c>, <c>environment_at_capacity</c>, <c>plan_at_capacity</c>, <c>unknown_environment</c> or <c>gate_unavailable</c>.</summary>
        public const string GateResult = "fluents.settings.call_gate.result";

        /// <summary>The verification's answer: <c>verified</c>, <c>malformed</c>, <c>checksum_mismatch</c>, <c>unknown</c> or <c>expired</c>.</summary>
        public const string ApiKeyResult = "fluents.settings.api_key.result";

        /// <summary>The use case, in snake case: <c>create_environment</c>, <c>invite</c>, <c>list_users</c>…</summary>
        public const string UseCase = "fluents.settings.use_case";

        /// <summary><c>success</c>, or the refusal's stable error code (e.g. <c>concurrency.exceeds_plan</c>).</summary>
        public const string Outcome = "fluents.settings.outcome";

        /// <summary>The OpenTelemetry <c>error.type</c>: the refusal's error code, or the exception's type name; absent on success.</summary>
        public const string ErrorType = "error.type";

        /// <summary>On a conflict: <c>true</c> when the use case tried again, <c>false</c> when it had no attempt left.</summary>
        public const string Retried = "fluents.settings.retried";

        /// <summary>On a store span: the store call, e.g. <c>account_repository.save</c>.</summary>
        public const string StoreOperation = "fluents.settings.store.operation";

        /// <summary>The value of <see cref="Outcome"/> for a use case that succeeded.</summary>
        public const string Success = "success";
    }
}
