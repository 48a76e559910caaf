using Xunit.Abstractions;
using Xunit.Sdk;

namespace Fluents.Settings.Contracts;

/// <summary>
/// A contract test: an ordinary <see cref="FactAttribute"/>, except that the adapter's test class can skip every test of
/// the contract with a <see cref="ContractConditionAttribute"/> (say, "Redis is not reachable: run .ci/start-servers").
/// The in-memory adapters never skip.
/// </summary>
[XunitTestCaseDiscoverer("Fluents.Settings.Contracts.ContractFactDiscoverer", "Fluents.Settings.Contracts")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ContractFactAttribute : FactAttribute;

/// <summary>On an adapter's contract test class: whether its contract tests run here, and if not, why (one sentence).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public abstract class ContractConditionAttribute : Attribute
{
    /// <summary>Why the tests skip, or <c>null</c> when they run.</summary>
    public abstract string? SkipReason { get; }

    /// <summary>Why the contract tests of <paramref name="testMethod"/>'s class skip, or <c>null</c> when they run.</summary>
    /// <param name="testMethod">A contract test.</param>
    /// <returns>The first condition's reason to skip.</returns>
    public static string? SkipReasonOf(ITestMethod testMethod) =>
        testMethod.TestClass.Class.GetCustomAttributes(typeof(ContractConditionAttribute))
            .OfType<IReflectionAttributeInfo>()
            .Select(attribute => ((ContractConditionAttribute)attribute.Attribute).SkipReason)
            .FirstOrDefault(skip => skip is not null);
}

/// <summary>Discovers <see cref="ContractFactAttribute"/> tests, skipped when the test class's condition says so.</summary>
/// <param name="diagnosticMessageSink">xunit's diagnostics.</param>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var reason = ContractConditionAttribute.SkipReasonOf(testMethod);
        if (reason is null) return base.Discover(discoveryOptions, testMethod, factAttribute);
        return [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
    }
}

/// <summary>A contract theory: an ordinary <see cref="TheoryAttribute"/> that the adapter's <see cref="ContractConditionAttribute"/> can skip.</summary>
[XunitTestCaseDiscoverer("Fluents.Settings.Contracts.ContractTheoryDiscoverer", "Fluents.Settings.Contracts")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ContractTheoryAttribute : TheoryAttribute;

/// <summary>Discovers <see cref="ContractTheoryAttribute"/> tests, skipped when the test class's condition says so.</summary>
/// <param name="diagnosticMessageSink">xunit's diagnostics.</param>
public sealed class ContractTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute)
    {
        var reason = ContractConditionAttribute.SkipReasonOf(testMethod);
        if (reason is null) return base.Discover(discoveryOptions, testMethod, theoryAttribute);
        return [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
    }
}
