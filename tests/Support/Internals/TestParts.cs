using Fluents.Settings.ApiKeys;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.Testing;

/// <summary>
/// Environments, members and invitations built directly, for the tests of the classes that keep them
/// (<see cref="EnvironmentRoster"/>, <see cref="MemberRoster"/>, <see cref="InvitationBook"/>) without an account
/// around them. Ids come from a number, so that a test can name the same one twice.
/// </summary>
internal static class TestParts
{
    public static EnvironmentId EnvironmentNumber(int n) => new(Numbered(n, 0xe));

    public static UserId UserNumber(int n) => new(Numbered(n, 0x5));

    public static InvitationId InvitationNumber(int n) => new(Numbered(n, 0x1));

    public static EnvironmentName Name(string text) => EnvironmentName.Create(text).AsT0;

    public static EmailAddress Email(string text) => EmailAddress.Create(text).AsT0;

    /// <summary>The hash of a token named by a number (<c>token-7</c>).</summary>
    public static SecretHash TokenHash(int n) => SecretHash.Of($"token-{n}");

    public static AccountEnvironment AnEnvironment(int n, string name, int limit = 0, bool hidden = false) =>
        new(EnvironmentNumber(n), Name(name), MaxConcurrentCalls.Create(limit).AsT0, TestAccounts.Now, hidden,
            StoredApiKey.From(ApiKey.Issue(new SeededSecretGenerator(n)), TestAccounts.Now), null);

    public static Member AMember(int n, string email, Role role = Role.Member) =>
        new(UserNumber(n), PersonName.Create($"Person {n}").AsT0, Email(email), role, TestAccounts.Now);

    /// <summary>An open invitation, sent by Ada, with the token <see cref="TokenHash"/>(<paramref name="n"/>).</summary>
    public static Invitation AnOpenInvitation(int n, string email, Role role = Role.Member) =>
        new(InvitationNumber(n), Email(email), role, TestAccounts.Admin, PersonName.Create(TestAccounts.AdminName).AsT0,
            TestAccounts.Now, TestAccounts.Now + Duration.FromDays(7), TokenHash(n), InvitationState.Open, null, null);

    private static Guid Numbered(int n, int kind) => Guid.Parse($"0196f000-0000-7000-800{kind:x}-{n + 1:x12}");
}
