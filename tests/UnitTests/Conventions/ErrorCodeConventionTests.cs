using System.Text.RegularExpressions;
using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Json;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Conventions;

/// <summary>
/// DESIGN.md §1: every rule error exposes a stable machine code that hosts map to responses, and a human message. The
/// codes are a public contract, listed in README.md's error table; a code that changes, or is not the one documented for
/// its type, breaks every host that matches on it. Every public error type is checked, so a new one cannot slip past.
/// </summary>
public partial class ErrorCodeConventionTests
{
    private static readonly InvitationId Invitation = new(Guid.Parse("0196f000-0000-7000-8000-0000000000c1"));
    private static readonly EnvironmentId Environment = new(Guid.Parse("0196f000-0000-7000-8000-0000000000e1"));

    /// <summary>One of every public error type, and one per value that chooses its code or message.</summary>
    private static IEnumerable<DomainError> Examples()
    {
        yield return new AccountAlreadyExists(TestAccounts.AccountId);
        yield return new AccountNotFound(TestAccounts.AccountId);
        yield return new AllocationExceedsPlan(Environment, 31, 30, 10, 40);
        yield return new AlreadyMember("bob@example.com");
        yield return ApiKeyChecksumMismatch.Instance;
        yield return new CannotChangeOwnRole(TestAccounts.Admin);
        yield return new ConcurrencyConflict(TestAccounts.AccountId, 4, 5);
        yield return new ConflictAfterRetries(TestAccounts.AccountId, 5);
        yield return new DeleteConfirmationMismatch(Environment, "staging");
        yield return new EnvironmentNameTaken("staging");
        yield return new EnvironmentNotFound(Environment);
        yield return new ExpiredApiKey(TestAccounts.Now);
        yield return new InvalidAccountSnapshot("an account needs at least one member (R16)");
        foreach (var reason in Enum.GetValues<InvalidAuditCursorReason>()) yield return new InvalidAuditCursor(reason);
        foreach (var reason in Enum.GetValues<InvalidEmailAddressReason>()) yield return new InvalidEmailAddress(reason);
        foreach (var reason in Enum.GetValues<InvalidEnvironmentNameReason>()) yield return new InvalidEnvironmentName(reason);
        yield return new InvalidEventJson("'type' is missing");
        yield return new InvalidGracePeriod(Duration.FromDays(8), Account.MaxApiKeyGracePeriod);
        yield return new InvalidInvitationValidity(Duration.FromMinutes(1));
        yield return new InvalidMaxConcurrentCalls(-1);
        foreach (var reason in Enum.GetValues<InvalidPersonNameReason>()) yield return new InvalidPersonName(1, reason);
        yield return new InvitationActionUnavailable(Invitation, InvitationStatus.Pending, InvitationActions.Renew);
        yield return new InvitationActionUnavailable(Invitation, InvitationStatus.Expired, InvitationActions.Resend);
        yield return new InvitationActionUnavailable(Invitation, InvitationStatus.Accepted, InvitationActions.Revoke);
        yield return new InvitationAlreadyAccepted(Invitation);
        yield return new InvitationAlreadyOpen(Invitation, "bob@example.com");
        yield return new InvitationEmailMismatch(Invitation);
        yield return new InvitationExpired(Invitation, TestAccounts.Now);
        yield return new InvitationNotFound(Invitation);
        yield return new InvitationTokenMismatch();
        yield return new InvitationWasRevoked(Invitation);
        foreach (var action in Enum.GetValues<LastAdminAction>()) yield return new LastAdmin(TestAccounts.Admin, action);
        yield return new LastVisibleEnvironment(Environment);
        yield return MalformedApiKey.Instance;
        yield return new MemberNotFound(TestAccounts.Admin);
        yield return new NotPermitted(TestAccounts.Admin, Permission.ManageEnvironments, Role.Member);
        yield return new NotPermitted(TestAccounts.Stranger, Permission.ManageEnvironments, null);
        yield return new NotPermitted(SystemActor.Billing, Permission.ManageEnvironments, null);
        yield return new NotPermitted(SystemActor.Billing, Permission.ManageMembers, null);
        yield return new ReallocationExceedsPlan(45, 40);
        yield return new StaleRebalanceProposal(6, 9);
        yield return UnknownApiKey.Instance;
        yield return new UnsupportedSchemaVersion(3, 2);
    }

    /// <summary>README.md's error table: the code or codes of each row, by the type the row names.</summary>
    private static ILookup<string, string> DocumentedCodes()
    {
        var rows = File.ReadAllLines(Path.Combine(RepositoryFiles.Root, "README.md"))
            .Select(line => TableRow().Match(line))
            .Where(match => match.Success)
            .ToArray();
        Assert.NotEmpty(rows);
        return rows
            .SelectMany(row => Code().Matches(row.Groups["codes"].Value).Select(code => (Type: row.Groups["type"].Value, Code: code.Groups[1].Value)))
            .ToLookup(row => row.Type, row => row.Code);
    }

    [GeneratedRegex(@"^\| (?<codes>`[a-z_]+\.[a-z_]+`(, `[a-z_]+\.[a-z_]+`)*) \| `(?<type>[A-Za-z]+)`")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"`([a-z_]+\.[a-z_]+)`")]
    private static partial Regex Code();

    [Fact]
    public void Examples_HaveEveryPublicErrorType()
    {
        var errorTypes = typeof(DomainError).Assembly.GetExportedTypes().Where(t => t.IsSubclassOf(typeof(DomainError)) && !t.IsAbstract);

        Assert.Equal(errorTypes.Select(t => t.Name).Order(), Examples().Select(e => e.GetType().Name).Distinct().Order());
    }

    [Fact]
    public void Code_OfEveryError_IsTheOneTheReadmeListsForItsType()
    {
        var documented = DocumentedCodes();

        foreach (var error in Examples())
        {
            Assert.True(
                documented[error.GetType().Name].Contains(error.Code),
                $"{error.GetType().Name} has code '{error.Code}'; README.md lists [{string.Join(", ", documented[error.GetType().Name])}] for it");
        }
    }

    [Fact]
    public void Code_IsNeverSharedByTwoErrorTypes()
    {
        var typesByCode = Examples().GroupBy(e => e.Code).Where(g => g.Select(e => e.GetType()).Distinct().Count() > 1).Select(g => g.Key);

        Assert.Empty(typesByCode);
    }

    [Fact]
    public void Message_OfEveryErrorAndEveryReason_IsTextOfItsOwn()
    {
        var messages = Examples().Select(e => e.Message).ToArray();

        Assert.All(messages, message => Assert.Matches(@"^\S.{8,}\S$", message));
        Assert.Equal(messages.Length, messages.Distinct().Count());
    }
}
