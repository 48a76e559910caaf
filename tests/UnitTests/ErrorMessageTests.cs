using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Json;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests;

/// <summary>
/// The messages a user reads when refused, where they carry numbers: the numbers of the refusal and the limits of the
/// rules (DESIGN.md: 64-character environment names, 100-character user names, a 254-character email with 64 before the
/// @, invitations valid 1 hour to 30 days, a grace period of at most 7 days, 32-character keys). A message that says the
/// wrong number or the wrong limit is a defect the user sees; each number below is different so that none stands for another.
/// </summary>
public class ErrorMessageTests
{
    private static readonly EnvironmentId Environment = new(Guid.Parse("0196f000-0000-7000-8000-0000000000e1"));
    private static readonly AccountId Account = TestAccounts.AccountId;

    public static TheoryData<DomainError, string> RuleMessages => new()
    {
        { new InvalidMaxConcurrentCalls(-3), "A concurrent-call limit must be 0 or more; -3 was given." },
        {
            new AllocationExceedsPlan(Environment, 31, 30, 10, 40),
            "Max Concurrent Calls of 31 does not fit the plan: this environment may have at most 30, and 10 of the plan's 40 concurrent calls are unallocated."
        },
        { new ReallocationExceedsPlan(45, 40), "The environments would hold 45 concurrent calls in all, more than the plan's 40." },
        { new StaleRebalanceProposal(6, 9), "The rebalance was proposed for version 6 of the account, which is now at version 9; propose again." },
        { new InvalidGracePeriod(Duration.FromDays(8), Duration.FromDays(7)), "A grace period must be between zero and 168 hours." },
        { new InvalidInvitationValidity(Duration.FromMinutes(1)), "An invitation must be valid for between 1 hour and 30 days." },
        { new InvalidEnvironmentName(InvalidEnvironmentNameReason.TooLong), "An environment name can have at most 64 characters." },
        { new InvalidPersonName(101, InvalidPersonNameReason.TooLong), "A user's name can have at most 100 characters." },
        { new InvalidPersonName(3, (InvalidPersonNameReason)99), "A user's name must have 1 to 100 characters and no control characters." },
        { new InvalidEmailAddress(InvalidEmailAddressReason.TooLong), "An email address can have at most 254 characters." },
        { new InvalidEmailAddress(InvalidEmailAddressReason.LocalPartTooLong), "The part of an email address before the @ can have at most 64 characters." },
        { new ConcurrencyConflict(Account, 4, 5), "The account changed while you worked (version 4 is now 5)." },
        { new ConflictAfterRetries(Account, 5), "The account is being changed by others right now; the change was not applied after 5 attempts. Try again." },
        { new UnsupportedSchemaVersion(3, 2), "The document has schemaVersion 3, newer than this library reads (2): upgrade the library on this host to read it." },
        {
            MalformedApiKey.Instance,
            "This is not an API key: a key has 32 characters, starts with \"flk_\" and otherwise contains only letters and digits."
        },
    };

    [Theory]
    [MemberData(nameof(RuleMessages))]
    public void Message_OfARefusal_SaysItsNumbersAndTheRulesLimits(DomainError error, string message) =>
        Assert.Equal(message, error.Message);

    public static TheoryData<string, string> CallRefusalMessages => new()
    {
        {
            new EnvironmentAtCapacity(Environment, new CallHeadroom(3, 2, 7, 9)).Message,
            $"Environment {Environment} is at capacity: 3 calls in flight, Max Concurrent Calls 2; a new call can start when fewer than 2 are in flight."
        },
        { new EnvironmentAtCapacity(Environment, new CallHeadroom(1, 0, 7, 9)).Message, $"Environment {Environment} is paused: its Max Concurrent Calls is 0." },
        {
            new PlanAtCapacity(Environment, new CallHeadroom(2, 5, 9, 9)).Message,
            $"The plan is at capacity: 9 calls in flight across the account, plan limit 9; environment {Environment} has 3 of its own 5 free."
        },
        { new UnknownEnvironment(Environment, true, new CallHeadroom(4, 0, 6, 9)).Message, $"Environment {Environment} was deleted and admits no calls (4 still in flight)." },
        { new UnknownEnvironment(Environment, false, new CallHeadroom(0, 0, 6, 9)).Message, $"Environment {Environment} is not part of this account." },
    };

    [Theory]
    [MemberData(nameof(CallRefusalMessages))]
    public void Message_OfACallRefusal_SaysTheCountsAtTheRefusal_R13(string actual, string expected) =>
        Assert.Equal(expected, actual);

    [Fact]
    public void Message_OfAnUnknownEnvironment_SaysDeletedOrUnknownInItsCodeToo()
    {
        Assert.Equal("concurrency.environment_deleted", new UnknownEnvironment(Environment, true, default).Code);
        Assert.Equal("concurrency.unknown_environment", new UnknownEnvironment(Environment, false, default).Code);
    }
}
