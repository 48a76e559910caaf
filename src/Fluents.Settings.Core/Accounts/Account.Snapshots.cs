using Ardalis.GuardClauses;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;
using OneOf;

namespace Fluents.Settings.Accounts;

public sealed partial class Account
{
    /// <summary>The account as plain data for storage: hashes and hints, never secrets; pending events are not included.</summary>
    /// <returns>The snapshot, in canonical order.</returns>
    public AccountSnapshot ToSnapshot() => new(
        Id,
        Version,
        PlanLimit,
        InvitationValidity,
        _environments.Values
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id.Value)
            .Select(e => new EnvironmentSnapshot(e.Id, e.Name.Value, e.MaxConcurrentCalls.Value, e.CreatedAt, e.Hidden, ToSnapshot(e.ApiKey), e.PreviousApiKey is { } p ? ToSnapshot(p) : null))
            .ToArray(),
        _members.Values
            .OrderBy(m => m.JoinedAt).ThenBy(m => m.UserId.Value)
            .Select(m => new MemberSnapshot(m.UserId, m.Name.Value, m.Email.Value, m.Role, m.JoinedAt))
            .ToArray(),
        _invitations.Values
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id.Value)
            .Select(i => new InvitationSnapshot(i.Id, i.Email.Value, i.Role, i.InvitedBy, i.InvitedByName.Value, i.CreatedAt, i.ExpiresAt, i.TokenHash.ToHex(), i.State, i.ClosedAt, i.AcceptedBy))
            .ToArray());

    /// <summary>
    /// Rebuilds an account from stored data, checking every invariant: valid, unique names (R2); limits ≥ 0 (R9);
    /// at least one visible environment (R5); at least one Admin (R16); valid, unique member emails (R18); at most one
    /// open invitation per email and none for a member (R19); an allowed invitation validity; well-formed hashes.
    /// An over-allocated account is valid (R12).
    /// </summary>
    /// <param name="snapshot">The stored data.</param>
    /// <returns>The account (with no pending events), or what is wrong with the data.</returns>
    public static OneOf<Account, InvalidAccountSnapshot> FromSnapshot(AccountSnapshot snapshot)
    {
        Guard.Against.Null(snapshot);
        try
        {
            return Rebuild(snapshot);
        }
        catch (CorruptSnapshot corrupt)
        {
            return new InvalidAccountSnapshot(corrupt.Message);
        }
    }

    private static Account Rebuild(AccountSnapshot s)
    {
        Check(s.Id.Value != Guid.Empty, "the account id is empty");
        Check(s.Version >= 0, $"the version {s.Version} is negative");
        Check(s.PlanLimit >= 0, $"the plan limit {s.PlanLimit} is negative");
        Check(InvitationPolicy.IsAllowed(s.InvitationValidity), $"the invitation validity {s.InvitationValidity} is outside 1 hour to 30 days");
        Check(s.Environments is { Count: > 0 }, "an account needs at least one environment (R5)");
        Check(s.Members is { Count: > 0 }, "an account needs at least one member (R16)");
        Check(s.Invitations is not null, "the invitations are missing (null)");

        var account = new Account(s.Id, s.Version, s.PlanLimit, s.InvitationValidity);
        long allocated = 0;
        foreach (var e in s.Environments)
        {
            Check(e is not null, "an environment is missing (null)");
            Check(e.Id.Value != Guid.Empty, "an environment id is empty");
            Check(!account._environments.ContainsKey(e.Id), $"environment {e.Id} appears twice");
            var name = EnvironmentName.Create(e.Name).Match(n => n, error => throw new CorruptSnapshot($"environment {e.Id}: {error.Message}"));
            Check(name.Value == e.Name, $"environment {e.Id}: the name is not trimmed");
            Check(!account._environmentNames.ContainsKey(name.Value), $"the name '{e.Name}' is used twice (R2)");
            var limit = MaxConcurrentCalls.Create(e.MaxConcurrentCalls).Match(l => l, error => throw new CorruptSnapshot($"environment {e.Id}: {error.Message}"));
            allocated += limit.Value;
            Check(allocated <= int.MaxValue, "the environments' limits sum beyond Int32.MaxValue");
            Check(e.ApiKey is { ValidUntil: null }, $"environment {e.Id}: its current key has a deadline");
            Check(e.PreviousApiKey is null || e.PreviousApiKey.ValidUntil is not null, $"environment {e.Id}: its previous key has no deadline");
            account.AddEnvironment(new Environment(e.Id, name, limit, e.CreatedAt, e.Hidden, FromSnapshot(e.ApiKey, e.Id), e.PreviousApiKey is { } p ? FromSnapshot(p, e.Id) : null));
        }
        Check(account._visibleEnvironments > 0, "an account needs at least one visible environment (R5)");

        foreach (var m in s.Members)
        {
            Check(m is not null, "a member is missing (null)");
            Check(m.UserId.Value != Guid.Empty, "a member's user id is empty");
            Check(!account._members.ContainsKey(m.UserId), $"member {m.UserId} appears twice");
            Check(Enum.IsDefined(m.Role), $"member {m.UserId}: role {(int)m.Role} is not defined");
            var name = PersonName.Create(m.Name).Match(n => n, error => throw new CorruptSnapshot($"member {m.UserId}: {error.Message}"));
            var email = Normalized(m.Email, $"member {m.UserId}");
            Check(!account._memberEmails.ContainsKey(email), $"the email {email} belongs to two members (R18)");
            account.AddMember(new Member(m.UserId, name, email, m.Role, m.JoinedAt));
        }
        Check(account._admins > 0, "an account needs at least one Admin (R16)");

        foreach (var i in s.Invitations)
        {
            Check(i is not null, "an invitation is missing (null)");
            Check(i.Id.Value != Guid.Empty, "an invitation id is empty");
            Check(!account._invitations.ContainsKey(i.Id), $"invitation {i.Id} appears twice");
            Check(Enum.IsDefined(i.Role), $"invitation {i.Id}: role {(int)i.Role} is not defined");
            Check(Enum.IsDefined(i.State), $"invitation {i.Id}: state {(int)i.State} is not defined");
            Check(i.ExpiresAt > i.CreatedAt, $"invitation {i.Id}: it expires before it was created");
            Check((i.State == InvitationState.Open) == (i.ClosedAt is null), $"invitation {i.Id}: state {i.State} and closed-at disagree");
            Check((i.State == InvitationState.Accepted) == (i.AcceptedBy is not null), $"invitation {i.Id}: state {i.State} and accepted-by disagree");
            Check(SecretHash.TryParseHex(i.TokenSha256, out var hash), $"invitation {i.Id}: the token hash is not 64 hex digits");
            var email = Normalized(i.Email, $"invitation {i.Id}");
            var inviterName = PersonName.Create(i.InvitedByName).Match(n => n, error => throw new CorruptSnapshot($"invitation {i.Id}: {error.Message}"));
            if (i.State == InvitationState.Open)
            {
                Check(!account._openInvitations.ContainsKey(email), $"two open invitations for {email} (R19)");
                Check(!account._memberEmails.ContainsKey(email), $"an open invitation for member {email} (R19)");
            }
            account.AddInvitation(new Invitation(i.Id, email, i.Role, i.InvitedBy, inviterName, i.CreatedAt, i.ExpiresAt, hash, i.State, i.ClosedAt, i.AcceptedBy));
        }
        return account;
    }

    private static ApiKeySnapshot ToSnapshot(StoredApiKey key) => new(key.Hash.ToHex(), key.Hint.Masked, key.IssuedAt, key.ValidUntil);

    private static StoredApiKey FromSnapshot(ApiKeySnapshot key, EnvironmentId environment)
    {
        Check(key is not null, $"environment {environment}: a key is missing");
        Check(SecretHash.TryParseHex(key!.Sha256, out var hash), $"environment {environment}: a key hash is not 64 hex digits");
        ApiKeyHint hint;
        try
        {
            hint = ApiKeyHint.Parse(key.Hint);
        }
        catch (ArgumentException)
        {
            throw new CorruptSnapshot($"environment {environment}: the key hint is not a masked key");
        }
        return new StoredApiKey(hash, hint, key.IssuedAt, key.ValidUntil);
    }

    private static EmailAddress Normalized(string stored, string owner)
    {
        var email = EmailAddress.Create(stored).Match(e => e, error => throw new CorruptSnapshot($"{owner}: {error.Message}"));
        Check(email.Value == stored, $"{owner}: the email is not normalized");
        return email;
    }

    private static void Check([System.Diagnostics.CodeAnalysis.DoesNotReturnIf(false)] bool condition, string reason)
    {
        if (!condition) throw new CorruptSnapshot(reason);
    }

    // Internal control flow for FromSnapshot only: never escapes (it becomes InvalidAccountSnapshot).
    private sealed class CorruptSnapshot(string reason) : Exception(reason);
}
