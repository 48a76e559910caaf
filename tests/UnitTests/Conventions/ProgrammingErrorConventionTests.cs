using System.Reflection;
using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;
using Fluents.Settings.UnitTests.Application;

namespace Fluents.Settings.UnitTests.Conventions;

/// <summary>
/// Programming errors throw at every public entry point of <see cref="Account"/> and <see cref="SettingsService"/>
/// (DESIGN.md §1, "Errors"): a <c>default</c> id gives <see cref="ArgumentException"/>, and <c>null</c> for a
/// parameter that is not declared nullable gives <see cref="ArgumentNullException"/> — never a typed rule error such
/// as "empty name" or "not found", which would blame the user for the caller's bug. Walked by reflection, so a new
/// method is covered the day it is added.
/// </summary>
public class ProgrammingErrorConventionTests
{
    private static readonly Type[] IdTypes = [typeof(AccountId), typeof(UserId), typeof(EnvironmentId), typeof(InvitationId), typeof(Actor)]; // default(Actor) is no actor
    private static readonly NullabilityInfoContext Nullability = new();

    public static TheoryData<string> AccountMethods => [.. Names(typeof(Account))];

    public static TheoryData<string> ServiceMethods => [.. Names(typeof(SettingsService))];

    [Theory]
    [MemberData(nameof(AccountMethods))]
    public async Task Account_DefaultIdOrNullArgument_Throws(string method)
    {
        var arguments = await Arguments.CreateAsync();
        await AssertEveryParameterIsGuarded(typeof(Account), method, arguments.Account, arguments);
    }

    [Theory]
    [MemberData(nameof(ServiceMethods))]
    public async Task SettingsService_DefaultIdOrNullArgument_Throws(string method)
    {
        var arguments = await Arguments.CreateAsync();
        await AssertEveryParameterIsGuarded(typeof(SettingsService), method, arguments.Harness.Service, arguments, beforeTheTask: true);
    }

    [Fact]
    public void Walk_CoversTheMethodsThatTakeIdsAndText()
    {
        // A guard against the walk itself going blind (e.g. a filter that drops every method).
        Assert.Contains("CreateEnvironment(Actor, String, Int32, Instant, ISecretGenerator)", Names(typeof(Account)));
        Assert.Contains("AcceptInvitationAsync(AccountId, UserId, String, String, String, CancellationToken)", Names(typeof(SettingsService)));
        Assert.True(Names(typeof(Account)).Count() >= 25);
        Assert.True(Names(typeof(SettingsService)).Count() >= 22);
    }

    private static IEnumerable<string> Names(Type type) =>
        Methods(type).Select(Describe);

    private static IEnumerable<MethodInfo> Methods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.DeclaringType == type)
            .Where(m => m.GetParameters().Any(IsChecked));

    private static string Describe(MethodInfo method) =>
        $"{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})";

    // The parameters the convention speaks about: ids, and references that are not declared nullable.
    private static bool IsChecked(ParameterInfo parameter) =>
        IdTypes.Contains(parameter.ParameterType) ||
        (!parameter.ParameterType.IsValueType && !parameter.ParameterType.IsByRefLike && Nullability.Create(parameter).WriteState == NullabilityState.NotNull);

    // beforeTheTask: the service checks its arguments before it starts the use case (so before any load or save), and so
    // throws from the call itself rather than from the task it returns; the aggregate's own checks would only be reached
    // after the load, and not at all for an account that is not found.
    private static async Task AssertEveryParameterIsGuarded(Type type, string name, object target, Arguments arguments, bool beforeTheTask = false)
    {
        var method = Methods(type).Single(m => Describe(m) == name);
        var parameters = method.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!IsChecked(parameters[i])) continue;
            var values = parameters.Select(arguments.ValidFor).ToArray();
            var isId = IdTypes.Contains(parameters[i].ParameterType);
            values[i] = isId ? Activator.CreateInstance(parameters[i].ParameterType) : null;

            var thrown = await ThrownBy(() => method.Invoke(method.IsStatic ? null : target, values), beforeTheTask);

            var expected = isId ? typeof(ArgumentException) : typeof(ArgumentNullException);
            Assert.True(
                thrown is not null && expected.IsInstanceOfType(thrown),
                $"{name}: {(isId ? "default" : "null")} {parameters[i].Name} should throw {expected.Name}, but {(thrown is null ? "nothing was thrown" : $"{thrown.GetType().Name} was: {thrown.Message}")}");
        }
    }

    // The exception, whether the method throws before returning its task or the task faults.
    private static async Task<Exception?> ThrownBy(Func<object?> call, bool beforeTheTask)
    {
        Task? returned;
        try
        {
            returned = call() as Task;
        }
        catch (TargetInvocationException invocation)
        {
            return invocation.InnerException;
        }

        try
        {
            if (returned is not null) await returned;
            return null;
        }
        catch (Exception) when (beforeTheTask)
        {
            return new InvalidOperationException("The task threw, not the call: the argument was checked only after the use case started.");
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    /// <summary>A valid value for every parameter type the two classes take, from one real account.</summary>
    private sealed class Arguments
    {
        private readonly Dictionary<Type, object?> _values;

        private Arguments(ServiceHarness harness, Account account, InvitationId invitation)
        {
            Harness = harness;
            Account = account;
            _values = new()
            {
                [typeof(AccountId)] = ServiceHarness.AccountId,
                [typeof(AccountId?)] = null,
                [typeof(UserId)] = ServiceHarness.Admin,
                [typeof(Actor)] = (Actor)ServiceHarness.Admin,
                [typeof(EnvironmentId)] = harness.DefaultEnvironment,
                [typeof(InvitationId)] = invitation,
                [typeof(string)] = "valid@example.com",
                [typeof(int)] = 1,
                [typeof(int?)] = null,
                [typeof(Role)] = Role.Member,
                [typeof(Permission)] = Permission.ViewEnvironments,
                [typeof(Duration)] = Duration.FromDays(1),
                [typeof(Instant)] = TestAccounts.Now,
                [typeof(ISecretGenerator)] = new SeededSecretGenerator(1),
                [typeof(IReadOnlyDictionary<EnvironmentId, int>)] = new Dictionary<EnvironmentId, int>(),
                [typeof(RebalanceProposal)] = account.ProposeRebalance(ServiceHarness.Admin).Value,
                [typeof(InvitationToken)] = InvitationToken.FromPresented("token"),
                [typeof(AccountSnapshot)] = account.ToSnapshot(),
                [typeof(CancellationToken)] = CancellationToken.None,
                [typeof(AuditFilter)] = AuditFilter.None,
            };
        }

        public ServiceHarness Harness { get; }

        public Account Account { get; }

        public static async Task<Arguments> CreateAsync()
        {
            var harness = await ServiceHarness.OpenAsync();
            _ = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member)).Value;
            var account = (await harness.Service.FindAccountAsync(ServiceHarness.AccountId)).Value;
            return new Arguments(harness, account, account.Invitations.Single().Id);
        }

        public object? ValidFor(ParameterInfo parameter) =>
            _values.TryGetValue(parameter.ParameterType, out var value)
                ? value
                : throw new InvalidOperationException($"No valid value for {parameter.ParameterType.Name} {parameter.Name} of {parameter.Member.Name}: add one.");
    }
}
