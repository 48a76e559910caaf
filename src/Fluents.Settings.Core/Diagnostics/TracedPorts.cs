using System.Diagnostics;
using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using OneOf;
using OneOf.Types;
using static Fluents.Settings.Diagnostics.SettingsTelemetry;

namespace Fluents.Settings.Diagnostics;

// Spans.RunAsync: a span per store call (the repository, the audit trail, the mailer), as children of the use case's span. While nothing
// listens to the activity source, each call goes straight to the port: no span, no extra frame.
internal static class Spans
{
    public static async Task<T> RunAsync<T>(string operation, Func<Task<T>> call, Func<T, string?> errorCodeOf)
    {
        using var span = Source.StartActivity(operation, ActivityKind.Client);
        span?.SetTag(Tags.StoreOperation, operation);
        try
        {
            var result = await call().ConfigureAwait(false);
            if (span is not null) Complete(span, errorCodeOf(result));
            return result;
        }
        catch (Exception failure)
        {
            if (span is not null) Fail(span, failure);
            throw;
        }
    }

    public static Task RunAsync(string operation, Func<Task> call) =>
        RunAsync(operation, async () => { await call().ConfigureAwait(false); return true; }, static _ => null);

    public static void Complete(Activity span, string? errorCode)
    {
        span.SetTag(Tags.Outcome, errorCode ?? Tags.Success);
        if (errorCode is not null) span.SetTag(Tags.ErrorType, errorCode);
    }

    public static void Fail(Activity span, Exception failure)
    {
        span.SetTag(Tags.Outcome, "exception");
        span.SetTag(Tags.ErrorType, failure.GetType().FullName);
        span.SetStatus(ActivityStatusCode.Error, failure.GetType().Name); // the type only: a message may quote a value
    }
}

internal class TracedAccountRepository(IAccountRepository inner) : IAccountRepository
{
    protected IAccountRepository Inner { get; } = inner;

    public static IAccountRepository Wrap(IAccountRepository accounts) => accounts switch
    {
        TracedAccountRepository => accounts,
        IOutboxAccountRepository outbox => new TracedOutboxAccountRepository(outbox),
        _ => new TracedAccountRepository(accounts),
    };

    public Task<FindAccountOutcome> FindAsync(AccountId id, CancellationToken cancellationToken = default) =>
        // Stryker disable once Conditional : with no listener StartActivity gives no span, so the traced path then does just what the plain call does
        Source.HasListeners()
            ? Spans.RunAsync("account_repository.find", () => Inner.FindAsync(id, cancellationToken), static found => found.Error?.Code)
            : Inner.FindAsync(id, cancellationToken);

    public Task<OneOf<Success, AccountAlreadyExists>> AddAsync(Account account, CancellationToken cancellationToken = default) =>
        // Stryker disable once Conditional : with no listener StartActivity gives no span, so the traced path then does just what the plain call does
        Source.HasListeners()
            ? Spans.RunAsync("account_repository.add", () => Inner.AddAsync(account, cancellationToken), static added => added.IsT1 ? added.AsT1.Code : null)
            : Inner.AddAsync(account, cancellationToken);

    public Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, CancellationToken cancellationToken = default) =>
        // Stryker disable once Conditional : with no listener StartActivity gives no span, so the traced path then does just what the plain call does
        Source.HasListeners()
            ? Spans.RunAsync("account_repository.save", () => Inner.SaveAsync(account, expectedVersion, cancellationToken), static saved => saved.IsT1 ? saved.AsT1.Code : null)
            : Inner.SaveAsync(account, expectedVersion, cancellationToken);
}

internal sealed class TracedOutboxAccountRepository(IOutboxAccountRepository inner) : TracedAccountRepository(inner), IOutboxAccountRepository
{
    public IAuditTrail AuditTrail => inner.AuditTrail;

    public Task<OneOf<Success, ConcurrencyConflict>> SaveAsync(Account account, long expectedVersion, IReadOnlyList<InvitationEmail> invitationMail, CancellationToken cancellationToken) =>
        // Stryker disable once Conditional : with no listener StartActivity gives no span, so the traced path then does just what the plain call does
        Source.HasListeners()
            ? Spans.RunAsync("account_repository.save", () => inner.SaveAsync(account, expectedVersion, invitationMail, cancellationToken), static saved => saved.IsT1 ? saved.AsT1.Code : null)
            : inner.SaveAsync(account, expectedVersion, invitationMail, cancellationToken);
}

internal sealed class TracedAuditTrail(IAuditTrail inner) : IAuditTrail
{
    public static IAuditTrail Wrap(IAuditTrail trail) => trail as TracedAuditTrail ?? new TracedAuditTrail(trail);

    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        // Stryker disable once Conditional : with no listener StartActivity gives no span, so the traced path then does just what the plain call does
        Source.HasListeners()
            ? Spans.RunAsync("audit_trail.append", () => inner.AppendAsync(entries, cancellationToken))
            : inner.AppendAsync(entries, cancellationToken);

    public Task<AuditPage> ReadAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        // Stryker disable once Conditional : with no listener StartActivity gives no span, so the traced path then does just what the plain call does
        Source.HasListeners()
            ? Spans.RunAsync("audit_trail.read", () => inner.ReadAsync(query, cancellationToken), static _ => null)
            : inner.ReadAsync(query, cancellationToken);
}

internal sealed class TracedInvitationMailer(IInvitationMailer inner) : IInvitationMailer
{
    public static IInvitationMailer Wrap(IInvitationMailer mailer) => mailer as TracedInvitationMailer ?? new TracedInvitationMailer(mailer);

    public Task SendAsync(InvitationEmail email, CancellationToken cancellationToken = default) =>
        // Stryker disable once Conditional : with no listener StartActivity gives no span, so the traced path then does just what the plain call does
        Source.HasListeners()
            ? Spans.RunAsync("invitation_mailer.send", () => inner.SendAsync(email, cancellationToken))
            : inner.SendAsync(email, cancellationToken);
}
