using Ardalis.GuardClauses;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;

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
    /// Rebuilds an account from stored data, checking every invariant: a version from 0 to <c>long.MaxValue − 1</c> (so
    /// that the next change can be numbered without wrapping); valid, unique names in canonical form (R2, R33); limits ≥ 0 (R9);
    /// at least one visible environment (R5); API keys with well-formed hashes and hints, no two alike, a deadline
    /// on previous keys only (R24–R26); at least one Admin (R16); valid, unique member emails in canonical form (R18, R33); user names in canonical form; at most one
    /// open invitation per email and none for a member (R19); an allowed invitation validity; well-formed hashes.
    /// An over-allocated account is valid (R12).
    /// </summary>
    /// <param name="snapshot">The stored data.</param>
    /// <returns>The account (with no pending events), or what is wrong with the data.</returns>
    public static FromSnapshotOutcome FromSnapshot(AccountSnapshot snapshot)
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
        if (s.Id.Value == Guid.Empty) throw new CorruptSnapshot("the account id is empty");
        if (s.Version < 0) throw new CorruptSnapshot($"the version {s.Version} is negative");
        if (s.Version == long.MaxValue) throw new CorruptSnapshot($"the version {s.Version} is the largest there is: the next change could not be numbered");
        if (s.PlanLimit < 0) throw new CorruptSnapshot($"the plan limit {s.PlanLimit} is negative");
        if (!InvitationPolicy.IsAllowed(s.InvitationValidity)) throw new CorruptSnapshot($"the invitation validity {s.InvitationValidity} is outside 1 hour to 30 days");
        if (s.Environments is not { Count: > 0 }) throw new CorruptSnapshot("an account needs at least one environment (R5)");
        if (s.Members is not { Count: > 0 }) throw new CorruptSnapshot("an account needs at least one member (R16)");
        if (s.Invitations is null) throw new CorruptSnapshot("the invitations are missing (null)");

        var account = new Account(s.Id, s.Version, s.PlanLimit, s.InvitationValidity);
        long allocated = 0;
        var keyHashes = new HashSet<SecretHash>();
        foreach (var e in s.Environments)
        {
            if (e is null) throw new CorruptSnapshot("an environment is missing (null)");
            if (e.Id.Value == Guid.Empty) throw new CorruptSnapshot("an environment id is empty");
            if (account._environments.Contains(e.Id)) throw new CorruptSnapshot($"environment {e.Id} appears twice");
            var name = EnvironmentName.Create(e.Name).Match(n => n, error => throw new CorruptSnapshot($"environment {e.Id}: {error.Message}"));
            if (name.Value != e.Name) throw new CorruptSnapshot($"environment {e.Id}: the name is not in canonical form (trimmed, plain spaces, NFC; R33)");
            if (account._environments.NameStaysUnique(name) is not null) throw new CorruptSnapshot($"the name '{e.Name}' is used twice (R2)");
            var limit = MaxConcurrentCalls.Create(e.MaxConcurrentCalls).Match(l => l, error => throw new CorruptSnapshot($"environment {e.Id}: {error.Message}"));
            allocated += limit.Value;
            if (allocated > int.MaxValue) throw new CorruptSnapshot("the environments' limits sum beyond Int32.MaxValue");
            if (e.ApiKey is { ValidUntil: not null }) throw new CorruptSnapshot($"environment {e.Id}: its current key has a deadline");
            if (e.PreviousApiKey is { ValidUntil: null }) throw new CorruptSnapshot($"environment {e.Id}: its previous key has no deadline");
            var apiKey = FromSnapshot(e.ApiKey, e.Id);
            var previousApiKey = e.PreviousApiKey is { } p ? FromSnapshot(p, e.Id) : (StoredApiKey?)null;
            // R24, R27: every key is its environment's own, so that a hash resolves to exactly one environment.
            if (!keyHashes.Add(apiKey.Hash)) throw new CorruptSnapshot($"environment {e.Id}: its key hash is also another key's");
            if (previousApiKey is { } previous && !keyHashes.Add(previous.Hash)) throw new CorruptSnapshot($"environment {e.Id}: its previous key hash is also another key's");
            account._environments.Add(new AccountEnvironment(e.Id, name, limit, e.CreatedAt, e.Hidden, apiKey, previousApiKey));
        }
        if (account._environments.VisibleCount == 0) throw new CorruptSnapshot("an account needs at least one visible environment (R5)");

        foreach (var m in s.Members)
        {
            if (m is null) throw new CorruptSnapshot("a member is missing (null)");
            if (m.UserId.Value == Guid.Empty) throw new CorruptSnapshot("a member's user id is empty");
            if (account._members.Contains(m.UserId)) throw new CorruptSnapshot($"member {m.UserId} appears twice");
            if (!Enum.IsDefined(m.Role)) throw new CorruptSnapshot($"member {m.UserId}: role {(int)m.Role} is not defined");
            var name = Canonical(m.Name, $"member {m.UserId}");
            var email = Normalized(m.Email, $"member {m.UserId}");
            if (account._members.ContainsEmail(email)) throw new CorruptSnapshot($"the email {email} belongs to two members (R18)");
            account._members.Add(new Member(m.UserId, name, email, m.Role, m.JoinedAt));
        }
        if (account._members.AdminCount == 0) throw new CorruptSnapshot("an account needs at least one Admin (R16)");

        foreach (var i in s.Invitations)
        {
            if (i is null) throw new CorruptSnapshot("an invitation is missing (null)");
            if (i.Id.Value == Guid.Empty) throw new CorruptSnapshot("an invitation id is empty");
            if (account._invitations.Contains(i.Id)) throw new CorruptSnapshot($"invitation {i.Id} appears twice");
            if (!Enum.IsDefined(i.Role)) throw new CorruptSnapshot($"invitation {i.Id}: role {(int)i.Role} is not defined");
            if (!Enum.IsDefined(i.State)) throw new CorruptSnapshot($"invitation {i.Id}: state {(int)i.State} is not defined");
            if (i.ExpiresAt <= i.CreatedAt) throw new CorruptSnapshot($"invitation {i.Id}: it expires before it was created");
            if ((i.State == InvitationState.Open) != (i.ClosedAt is null)) throw new CorruptSnapshot($"invitation {i.Id}: state {i.State} and closed-at disagree");
            if ((i.State == InvitationState.Accepted) != (i.AcceptedBy is not null)) throw new CorruptSnapshot($"invitation {i.Id}: state {i.State} and accepted-by disagree");
            if (!SecretHash.TryParseHex(i.TokenSha256, out var hash)) throw new CorruptSnapshot($"invitation {i.Id}: the token hash is not 64 hex digits");
            var email = Normalized(i.Email, $"invitation {i.Id}");
            var inviterName = Canonical(i.InvitedByName, $"invitation {i.Id}");
            // R19. Never both refusals for one email: the members are read first, and an open invitation for a member
            // is refused as soon as it is read, so a member's email never gets into the open-invitation index.
            if (i.State == InvitationState.Open && account._invitations.OneOpenInvitationPerEmail(email, account._members) is { } refused)
            {
                throw new CorruptSnapshot(refused.Match(
                    member => $"an open invitation for member {email} (R19)",
                    open => $"two open invitations for {email} (R19)"));
            }
            account._invitations.Add(new Invitation(i.Id, email, i.Role, i.InvitedBy, inviterName, i.CreatedAt, i.ExpiresAt, hash, i.State, i.ClosedAt, i.AcceptedBy));
        }
        return account;
    }

    private static ApiKeySnapshot ToSnapshot(StoredApiKey key) => new(key.Hash.ToHex(), key.Hint.Masked, key.IssuedAt, key.ValidUntil);

    private static StoredApiKey FromSnapshot(ApiKeySnapshot key, EnvironmentId environment)
    {
        if (key is null) throw new CorruptSnapshot($"environment {environment}: a key is missing");
        if (!SecretHash.TryParseHex(key.Sha256, out var hash)) throw new CorruptSnapshot($"environment {environment}: a key hash is not 64 hex digits");
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
        if (email.Value != stored) throw new CorruptSnapshot($"{owner}: the email is not normalized (R18, R33)");
        return email;
    }

    private static PersonName Canonical(string stored, string owner)
    {
        var name = PersonName.Create(stored).Match(n => n, error => throw new CorruptSnapshot($"{owner}: {error.Message}"));
        if (name.Value != stored) throw new CorruptSnapshot($"{owner}: the name is not in canonical form (trimmed, plain spaces, NFC; R33)");
        return name;
    }

    // Internal control flow for FromSnapshot only: never escapes (it becomes InvalidAccountSnapshot).
    private sealed class CorruptSnapshot(string reason) : Exception(reason);
}
