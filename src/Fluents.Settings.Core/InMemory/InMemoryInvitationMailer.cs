using Ardalis.GuardClauses;
using Fluents.Settings.Application;

namespace Fluents.Settings.InMemory;

/// <summary>
/// The embedded <see cref="IInvitationMailer"/>: keeps every email in an <see cref="Outbox"/> that a host, a sample or
/// a test can read (e.g. to follow the accept link). Thread-safe. It holds plaintext tokens: use it in development
/// and tests, and a real mailer in production.
/// </summary>
public sealed class InMemoryInvitationMailer : IInvitationMailer
{
    private readonly List<InvitationEmail> _outbox = [];
    private readonly Lock _lock = new();

    /// <summary>Every email sent so far, oldest first (a copy).</summary>
    public IReadOnlyList<InvitationEmail> Outbox
    {
        get
        {
            lock (_lock) return _outbox.ToArray();
        }
    }

    /// <summary>The last email sent to an address (normalized comparison), or <c>null</c>.</summary>
    /// <param name="email">The address.</param>
    /// <returns>The email.</returns>
    public InvitationEmail? LastSentTo(string email)
    {
        var address = Members.EmailAddress.Create(email);
        if (!address.TryPickT0(out var normalized, out _)) return null;
        lock (_lock) return _outbox.LastOrDefault(e => e.To.Equals(normalized));
    }

    /// <inheritdoc />
    public Task SendAsync(InvitationEmail email, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(email);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock) _outbox.Add(email);
        return Task.CompletedTask;
    }
}
