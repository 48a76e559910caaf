using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Members;

/// <summary>
/// An account opened by Ada, its only Admin, with one generator for every id and token, and shortcuts to
/// invite and add people. Events recorded by opening the account are taken, so a test sees only its own.
/// </summary>
internal sealed class Team
{
    public const string BobName = "Bob Builder";
    public const string BobEmail = "bob@example.com";
    public const string CleoName = "Cléo Durand";
    public const string CleoEmail = "cleo@example.org";

    public Team(ulong seed = 7)
    {
        Random = new SeededSecretGenerator(seed);
        Account = TestAccounts.Open(random: Random).Account;
        Account.TakeEvents();
    }

    public static UserId Ada => TestAccounts.Admin;

    public static Instant Now => TestAccounts.Now;

    public Account Account { get; }

    public SeededSecretGenerator Random { get; }

    public UserId NewUser() => UserId.New(Now, Random);

    public IssuedInvitation Invite(string email, Role role = Role.Member, Instant? at = null, UserId? by = null) =>
        Account.Invite(by ?? Ada, email, role, at ?? Now, Random).Value;

    /// <summary>Invites and accepts at once: the new member's user id.</summary>
    public UserId Join(string name, string email, Role role = Role.Member, Instant? at = null)
    {
        var issued = Invite(email, role, at);
        var user = NewUser();
        _ = Account.AcceptInvitation(user, name, email, issued.Token, at ?? Now).Value;
        return user;
    }

    /// <summary>A second Admin, Bob, so that Ada is no longer the last one.</summary>
    public UserId JoinBobAsAdmin() => Join(BobName, BobEmail, Role.Admin);

    public AcceptInvitationOutcome Accept(
        InvitationToken token, string email, Instant at, UserId? user = null, string name = CleoName) =>
        Account.AcceptInvitation(user ?? NewUser(), name, email, token, at);

    public InvitationStatus StatusOf(InvitationId invitation, Instant at) => Account.FindInvitation(invitation)!.StatusAt(at);
}

internal static class AccountAssertions
{
    /// <summary>
    /// Runs a change that must be refused and returns its typed error, after asserting that the refusal changed
    /// nothing: the same snapshot (structurally), the same version, no new event. The change returns its outcome's
    /// <see cref="Outcome{TSuccess}.Error"/>.
    /// </summary>
    public static TError AssertRefused<TError>(this Account account, Func<Account, DomainError?> change)
        where TError : DomainError
    {
        var before = account.ToSnapshot();
        var version = account.Version;
        var events = account.PendingEvents.Count;

        var refusal = change(account);

        var error = Assert.IsType<TError>(refusal);
        Assert.Equal(before, account.ToSnapshot());
        Assert.Equal(version, account.Version);
        Assert.Equal(events, account.PendingEvents.Count);
        return error;
    }

    /// <summary>Runs a change that must succeed: exactly one new version, and returns the result.</summary>
    public static T AssertChanged<T>(this Account account, Func<Account, Outcome<T>> change)
    {
        var version = account.Version;
        var value = change(account).Value;
        Assert.Equal(version + 1, account.Version);
        return value;
    }
}
