using System.Reflection;
using System.Text.RegularExpressions;
using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;

namespace Fluents.Settings.UnitTests.Conventions;

/// <summary>
/// Issue 11, item 2: every operation that changes or views state returns a result a newcomer can read by name —
/// its own <see cref="Outcome{TSuccess}"/> (the aggregate) or <see cref="SettingsResult{TSuccess}"/> (the service) — whose
/// <c>Match</c> and <c>Switch</c> take one named function per case, and a use case's result lists the application's
/// failures where the service can produce them. Walks the public API by reflection, so a new operation cannot slip out.
/// </summary>
public partial class OutcomeConventionTests
{
    private static readonly Type[] PublicTypes = typeof(Account).Assembly.GetExportedTypes();

    // Lookups and plumbing: they neither change nor view the account's settings as a use case does.
    private static readonly string[] AccountQueries =
        [nameof(Account.FindEnvironment), nameof(Account.FindMember), nameof(Account.FindInvitation), nameof(Account.IsAllowed),
         nameof(Account.TakeEvents), nameof(Account.ToSnapshot), nameof(Account.ApiKeyIndexEntries)];

    private static readonly string[] ServiceQueries = [nameof(SettingsService.FindAccountAsync), nameof(SettingsService.VerifyApiKey)];

    public static TheoryData<string> AccountOperations => [.. PublicMethods(typeof(Account)).Where(m => !AccountQueries.Contains(m.Name)).Select(m => m.Name).Distinct()];

    public static TheoryData<string> UseCases => [.. PublicMethods(typeof(SettingsService)).Where(m => !ServiceQueries.Contains(m.Name)).Select(m => m.Name)];

    public static TheoryData<string> OutcomeTypes => [.. PublicTypes.Where(IsOutcomeType).Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(AccountOperations))]
    public void AccountOperation_ReturnsItsOwnOutcomeType(string operation)
    {
        foreach (var method in PublicMethods(typeof(Account)).Where(m => m.Name == operation))
        {
            Assert.True(IsOutcomeType(method.ReturnType), $"Account.{operation} returns {method.ReturnType.Name}, not an Outcome<> type");
            Assert.False(IsSettingsResult(method.ReturnType), $"Account.{operation} returns a use-case result");
        }
    }

    [Theory]
    [MemberData(nameof(UseCases))]
    public void UseCase_ReturnsATaskOfItsOwnSettingsResult(string useCase)
    {
        var returned = PublicMethods(typeof(SettingsService)).Single(m => m.Name == useCase).ReturnType;

        Assert.Equal(typeof(Task<>), returned.IsGenericType ? returned.GetGenericTypeDefinition() : returned);
        var result = returned.GetGenericArguments()[0];
        Assert.True(IsSettingsResult(result), $"{useCase} returns Task<{result.Name}>, not a SettingsResult<> type");
    }

    [Fact]
    public void VerifyApiKey_ReturnsTheNamedVerification()
    {
        Assert.Equal(typeof(ApiKeyVerification), typeof(SettingsService).GetMethod(nameof(SettingsService.VerifyApiKey))!.ReturnType);
        Assert.Equal(typeof(ApiKeyVerification), typeof(ApiKeyVerifier).GetMethod(nameof(ApiKeyVerifier.Verify))!.ReturnType);
    }

    [Theory]
    [MemberData(nameof(OutcomeTypes))]
    public void OutcomeType_IsSealedAndOnlyTheLibraryMakesIt(string typeName)
    {
        var type = OutcomeType(typeName);

        Assert.True(type.IsSealed, $"{type.Name} should be sealed");
        Assert.Empty(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
    }

    [Theory]
    [MemberData(nameof(OutcomeTypes))]
    public void OutcomeType_MatchTakesOneNamedFunctionPerCase(string typeName)
    {
        var type = OutcomeType(typeName);
        AssertNamedCases(type, Cases(type), "Match", typeof(Func<,>));
    }

    [Theory]
    [MemberData(nameof(OutcomeTypes))]
    public void OutcomeType_SwitchTakesOneNamedActionPerCase(string typeName)
    {
        var type = OutcomeType(typeName);
        AssertNamedCases(type, Cases(type), "Switch", typeof(Action<>));
    }

    [Fact]
    public void ApiKeyVerification_MatchAndSwitchTakeOneNamedFunctionPerCase()
    {
        var cases = Cases(typeof(ApiKeyVerification));

        Assert.Equal([typeof(VerifiedApiKey), typeof(MalformedApiKey), typeof(ApiKeyChecksumMismatch), typeof(UnknownApiKey), typeof(ExpiredApiKey)], cases);
        AssertNamedCases(typeof(ApiKeyVerification), cases, "Match", typeof(Func<,>));
        AssertNamedCases(typeof(ApiKeyVerification), cases, "Switch", typeof(Action<>));
    }

    [Theory]
    [MemberData(nameof(UseCases))]
    public void UseCase_ResultCoversTheApplicationsOwnFailures(string useCase)
    {
        var result = PublicMethods(typeof(SettingsService)).Single(m => m.Name == useCase).ReturnType.GetGenericArguments()[0];
        var cases = Cases(result);

        if (useCase == nameof(SettingsService.OpenAccountAsync))
        {
            // Opening loads nothing and saves once: the only failure of its own is an id already taken.
            Assert.Contains(typeof(AccountAlreadyExists), cases);
            return;
        }
        Assert.Contains(typeof(AccountNotFound), cases); // every other use case loads the account
        Assert.Contains(typeof(InvalidAccountSnapshot), cases); // and what it loads may be a corrupt row,
        Assert.Contains(typeof(Fluents.Settings.Json.UnsupportedSchemaVersion), cases); // or one a newer library wrote: values, never exceptions
        var changes = !result.Name.StartsWith("View", StringComparison.Ordinal); // ViewResult<T>, ViewAuditTrailResult: nothing is saved
        Assert.Equal(changes, cases.Contains(typeof(ConflictAfterRetries))); // only a save can lose the race
    }

    [Fact]
    public void EveryResult_ListsItsOperationsRefusalsUnderTheSameNames()
    {
        // CreateEnvironmentResult = CreateEnvironmentOutcome's cases + the application's; ViewResult<T> = ViewOutcome<T>'s + AccountNotFound
        // and the two ways a stored account cannot be loaded.
        var applicationFailures = new[] { typeof(AccountNotFound), typeof(InvalidAccountSnapshot), typeof(Fluents.Settings.Json.UnsupportedSchemaVersion), typeof(ConflictAfterRetries), typeof(AccountAlreadyExists) };
        var pairs = PublicTypes.Where(IsSettingsResult)
            .Select(result => (Result: result, Outcome: PublicTypes.Single(t => t.Name == result.Name.Replace("Result", "Outcome", StringComparison.Ordinal))))
            .ToArray();
        Assert.NotEmpty(pairs);

        foreach (var (result, outcome) in pairs)
        {
            var resultMatch = Parameters(result, "Match");
            var outcomeMatch = Parameters(outcome, "Match");
            Assert.Equal(outcomeMatch[0].Name, resultMatch[0].Name); // the success keeps its name (the service may change its value)
            var refusals = outcomeMatch.Skip(1).Select(p => (p.Name, Case(p))).ToArray();
            var resultRefusals = resultMatch.Skip(1).Select(p => (p.Name, Case(p))).ToArray();
            Assert.Equal(refusals, resultRefusals.Take(refusals.Length));
            Assert.All(resultRefusals.Skip(refusals.Length), extra => Assert.Contains(extra.Item2, applicationFailures));
        }
    }

    private static void AssertNamedCases(Type type, Type[] cases, string method, Type delegateShape)
    {
        var parameters = Parameters(type, method);

        Assert.All(parameters, p => Assert.Equal(delegateShape, p.ParameterType.GetGenericTypeDefinition()));
        Assert.Equal(cases.Order(TypeOrder.Instance), parameters.Select(Case).Order(TypeOrder.Instance)); // one parameter per case, none missing
        Assert.All(parameters, p => Assert.DoesNotMatch(PositionalName(), p.Name!));
        Assert.Equal(parameters.Length, parameters.Select(p => p.Name).Distinct().Count());
    }

    // An outcome type's cases are exactly what converts to it: its success and each refusal.
    private static Type[] Cases(Type type) =>
        [.. type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == "op_Implicit" && m.ReturnType == type)
            .Select(m => m.GetParameters()[0].ParameterType)];

    private static ParameterInfo[] Parameters(Type type, string method)
    {
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => m.Name == method).ToArray();
        return Assert.Single(methods).GetParameters();
    }

    private static Type Case(ParameterInfo parameter) => parameter.ParameterType.GetGenericArguments()[0];

    private static Type OutcomeType(string name) => PublicTypes.Single(t => t.Name == name);

    private static bool IsOutcomeType(Type type) => SuccessOf(type) is not null && !type.IsAbstract;

    private static bool IsSettingsResult(Type type) =>
        IsOutcomeType(type) && BaseTypes(type).Any(b => b.IsGenericType && b.GetGenericTypeDefinition() == typeof(SettingsResult<>));

    private static Type SuccessOf(Type type) =>
        BaseTypes(type).FirstOrDefault(b => b.IsGenericType && b.GetGenericTypeDefinition() == typeof(Outcome<>))?.GetGenericArguments()[0]!;

    private static IEnumerable<Type> BaseTypes(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType) yield return current;
    }

    private static IEnumerable<MethodInfo> PublicMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.DeclaringType == type && m.Name is not (nameof(ToString) or nameof(Equals) or nameof(GetHashCode)));

    // f0, t1, arg2, item3, case4: names that say a position, not a case.
    [GeneratedRegex("^(f|t|arg|item|case)[0-9]+$", RegexOptions.IgnoreCase)]
    private static partial Regex PositionalName();

    private sealed class TypeOrder : IComparer<Type>
    {
        public static readonly TypeOrder Instance = new();

        public int Compare(Type? x, Type? y) => string.CompareOrdinal(x?.FullName ?? x?.Name, y?.FullName ?? y?.Name);
    }
}
