using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;
using OneOf.Types;

namespace Fluents.Settings.UnitTests;

/// <summary>
/// What every outcome and result shares (<see cref="Outcome{TSuccess}"/>): the common path by name, and a readable
/// <c>ToString</c>; and what the generated types add: a <c>Match</c> and <c>Switch</c> that call the function named after the case.
/// </summary>
public class OutcomeTests
{
    private static readonly AccountId Account = TestAccounts.AccountId;
    private static readonly EnvironmentNameTaken Taken = new("staging");
    private static readonly CreatedEnvironment Created = new(new EnvironmentId(Guid.Parse("0196f000-0000-7000-8000-0000000e0001")), ApiKey.Issue(new SeededSecretGenerator(3)));

    [Fact]
    public void Value_OfASuccess_IsTheSuccessValue()
    {
        CreateEnvironmentOutcome outcome = Created;

        Assert.True(outcome.Succeeded);
        Assert.Same(Created, outcome.Value);
        Assert.Null(outcome.Error);
    }

    [Fact]
    public void Value_OfARefusal_ThrowsNamingTheErrorsCodeAndMessage()
    {
        CreateEnvironmentOutcome outcome = Taken;

        var thrown = Assert.Throws<InvalidOperationException>(() => outcome.Value);

        Assert.False(outcome.Succeeded);
        Assert.Same(Taken, outcome.Error);
        Assert.Contains("environment.name_taken", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(Taken.Message, thrown.Message, StringComparison.Ordinal);
        Assert.StartsWith("CreateEnvironmentOutcome", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGetValue_Success_GivesTheValueAndNoError()
    {
        CreateEnvironmentResult result = Created;

        Assert.True(result.TryGetValue(out var value, out var error));
        Assert.Same(Created, value);
        Assert.Null(error);
    }

    [Fact]
    public void TryGetValue_Refusal_GivesTheErrorAndNoValue()
    {
        CreateEnvironmentResult result = new ConflictAfterRetries(Account, 5);

        Assert.False(result.TryGetValue(out var value, out var error));
        Assert.Null(value);
        Assert.Equal(new ConflictAfterRetries(Account, 5), error);
    }

    [Fact]
    public void TryGetValue_ValueTypeSuccess_GivesTheValue()
    {
        EditEnvironmentResult result = default(Success);

        Assert.True(result.TryGetValue(out var value, out var error));
        Assert.Equal(default, value);
        Assert.Null(error);
    }

    [Fact]
    public void ToString_Success_NamesTheTypeAndTheValueButNotTheKey()
    {
        CreateEnvironmentResult result = Created;

        var text = result.ToString();

        Assert.StartsWith("CreateEnvironmentResult succeeded: CreatedEnvironment {", text, StringComparison.Ordinal);
        Assert.Contains(Created.ApiKey.Hint.Masked, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Created.ApiKey.Reveal(), text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_SuccessWithoutAValue_SaysSucceeded()
    {
        HideEnvironmentResult result = default(Success);

        Assert.Equal("HideEnvironmentResult succeeded", result.ToString());
    }

    [Fact]
    public void ToString_Refusal_NamesTheTypeTheCodeAndTheMessage()
    {
        CreateEnvironmentOutcome outcome = Taken;

        Assert.Equal($"CreateEnvironmentOutcome refused: [environment.name_taken] {Taken.Message}", outcome.ToString());
    }

    [Fact]
    public void ToString_GenericView_NamesItsViewType()
    {
        ViewOutcome<IReadOnlyList<UserRow>> outcome = new NotPermitted(TestAccounts.Stranger, Permission.ViewMembers, null);

        Assert.StartsWith("ViewOutcome<IReadOnlyList<UserRow>> refused: [account.not_permitted]", outcome.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ImplicitConversion_NullSuccessOrError_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => (CreateEnvironmentOutcome)(CreatedEnvironment)null!);
        Assert.Throws<ArgumentNullException>(() => (CreateEnvironmentOutcome)(EnvironmentNameTaken)null!);
    }

    public static TheoryData<string> CreateCases => ["created", "notPermitted", "invalidName", "nameTaken", "invalidLimit", "exceedsPlan", "accountNotFound", "invalidSnapshot", "unsupportedVersion", "conflict"];

    [Theory]
    [MemberData(nameof(CreateCases))]
    public void Match_EachCase_CallsTheFunctionNamedAfterIt(string expected)
    {
        var result = CreateResult(expected);

        var matched = result.Match(
            created: _ => "created",
            notPermitted: _ => "notPermitted",
            invalidName: _ => "invalidName",
            nameTaken: _ => "nameTaken",
            invalidLimit: _ => "invalidLimit",
            exceedsPlan: _ => "exceedsPlan",
            accountNotFound: _ => "accountNotFound",
            invalidSnapshot: _ => "invalidSnapshot",
            unsupportedVersion: _ => "unsupportedVersion",
            conflict: _ => "conflict");

        Assert.Equal(expected, matched);
    }

    [Theory]
    [MemberData(nameof(CreateCases))]
    public void Switch_EachCase_RunsTheActionNamedAfterIt(string expected)
    {
        var result = CreateResult(expected);
        var ran = new List<string>();

        result.Switch(
            created: _ => ran.Add("created"),
            notPermitted: _ => ran.Add("notPermitted"),
            invalidName: _ => ran.Add("invalidName"),
            nameTaken: _ => ran.Add("nameTaken"),
            invalidLimit: _ => ran.Add("invalidLimit"),
            exceedsPlan: _ => ran.Add("exceedsPlan"),
            accountNotFound: _ => ran.Add("accountNotFound"),
            invalidSnapshot: _ => ran.Add("invalidSnapshot"),
            unsupportedVersion: _ => ran.Add("unsupportedVersion"),
            conflict: _ => ran.Add("conflict"));

        Assert.Equal([expected], ran);
    }

    [Fact]
    public void Match_PassesTheCasesValue()
    {
        CreateEnvironmentOutcome outcome = Taken;

        var name = outcome.Match(
            created: c => c.Environment.ToString(),
            notPermitted: e => e.Code,
            invalidName: e => e.Code,
            nameTaken: taken => taken.Name,
            invalidLimit: e => e.Code,
            exceedsPlan: e => e.Code);

        Assert.Equal("staging", name);
    }

    [Fact]
    public void Match_NullFunction_ThrowsArgumentNull()
    {
        CreateEnvironmentOutcome outcome = Created;

        Assert.Throws<ArgumentNullException>(() => outcome.Match<int>(
            created: null!, notPermitted: _ => 0, invalidName: _ => 0, nameTaken: _ => 0, invalidLimit: _ => 0, exceedsPlan: _ => 0));
    }

    [Fact]
    public void SettingsResult_IsAnOutcome_SoHostsCanHandleAnyResultAlike()
    {
        Outcome<CreatedEnvironment> result = (CreateEnvironmentResult)new AccountNotFound(Account);

        Assert.Equal("account.not_found", Describe(result));
        Assert.Equal("ok", Describe((CreateEnvironmentOutcome)Created));

        static string Describe<T>(Outcome<T> outcome) => outcome.TryGetValue(out _, out var error) ? "ok" : error.Code;
    }

    private static CreateEnvironmentResult CreateResult(string @case) => @case switch
    {
        "created" => Created,
        "notPermitted" => new NotPermitted(TestAccounts.Stranger, Permission.ManageEnvironments, null),
        "invalidName" => new InvalidEnvironmentName(InvalidEnvironmentNameReason.Empty),
        "nameTaken" => Taken,
        "invalidLimit" => new InvalidMaxConcurrentCalls(-1),
        "exceedsPlan" => new AllocationExceedsPlan(null, 11, 10, 10, 40),
        "accountNotFound" => new AccountNotFound(Account),
        "invalidSnapshot" => new InvalidAccountSnapshot("the JSON is cut short"),
        "unsupportedVersion" => new Fluents.Settings.Json.UnsupportedSchemaVersion(2, 1),
        _ => new ConflictAfterRetries(Account, 5),
    };
}
