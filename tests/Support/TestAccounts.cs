using Fluents.Settings.Accounts;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.Testing;

/// <summary>Well-known actors and a freshly opened account, shared by the test projects.</summary>
public static class TestAccounts
{
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 28, 9, 0);
    public static readonly AccountId AccountId = new(Guid.Parse("0196f000-0000-7000-8000-00000000a001"));
    public static readonly UserId Admin = new(Guid.Parse("0196f000-0000-7000-8000-0000000000a1"));
    public static readonly UserId Stranger = new(Guid.Parse("0196f000-0000-7000-8000-0000000000f1"));
    public const string AdminName = "Ada Admin";
    public const string AdminEmail = "ada@example.com";

    /// <summary>Opens an account whose <c>default</c> environment holds the whole plan (R7).</summary>
    public static OpenedAccount Open(int planLimit = 40, ISecretGenerator? random = null) =>
        Account.Open(AccountId, planLimit, Admin, AdminName, AdminEmail, Now, random ?? new SeededSecretGenerator()).Value;
}
