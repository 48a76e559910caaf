using System.Reflection;
using System.Text.RegularExpressions;
using Fluents.Settings.Accounts;

namespace Fluents.Settings.UnitTests.Conventions;

/// <summary>Walks the package's public types by reflection to enforce conventions a reader relies on (cf. NodaTime's MutabilityTest).</summary>
public partial class PublicApiConventionTests
{
    private static readonly Type[] PublicTypes = typeof(Account).Assembly.GetExportedTypes();

    [Fact]
    public void EveryDomainError_IsASealedRecordWithAStableDottedCode()
    {
        var errors = PublicTypes.Where(t => t.IsSubclassOf(typeof(DomainError))).ToArray();
        Assert.NotEmpty(errors);
        foreach (var type in errors)
        {
            Assert.True(type.IsSealed, $"{type.Name} should be sealed");
            var code = (string)type.GetProperty(nameof(DomainError.Code))!.GetValue(System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type))!;
            Assert.Matches(CodePattern(), code);
        }
    }

    [Fact]
    public void EveryDomainEvent_IsASealedRecord()
    {
        var events = PublicTypes.Where(t => t.IsSubclassOf(typeof(DomainEvent))).ToArray();
        Assert.NotEmpty(events);
        Assert.All(events, type => Assert.True(type.IsSealed && type.GetMethod("<Clone>$") is not null, $"{type.Name} should be a sealed record"));
    }

    [Fact]
    public void NoPublicType_HasAPublicSetter_ExceptOptions()
    {
        // State changes only through the aggregate's methods; records use init, which is not a public setter here.
        var setters = PublicTypes
            .Where(t => !t.Name.EndsWith("Options", StringComparison.Ordinal))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(p => p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}")
            .ToArray();
        Assert.Empty(setters);
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit));

    [GeneratedRegex("^[a-z_]+\\.[a-z_]+$")]
    private static partial Regex CodePattern();
}
