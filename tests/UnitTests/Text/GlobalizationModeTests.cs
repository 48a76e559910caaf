using System.Globalization;
using System.Text;

namespace Fluents.Settings.UnitTests.Text;

/// <summary>
/// R33: CI runs the Globalization tests a second time with <c>DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1</c> and
/// <c>FLUENTS_EXPECT_GLOBALIZATION_INVARIANT=1</c>; this test makes sure that second run really is invariant, so it
/// cannot silently test ICU twice.
/// </summary>
[Trait("Category", "Globalization")]
public class GlobalizationModeTests
{
    [Fact]
    public void Process_WhenInvariantModeIsExpected_IsInvariant_R33()
    {
        if (System.Environment.GetEnvironmentVariable("FLUENTS_EXPECT_GLOBALIZATION_INVARIANT") != "1") return;

        // Invariant mode: string.Normalize does nothing, and no culture but the invariant one exists.
        Assert.Equal(5, "cafe\u0301".Normalize(NormalizationForm.FormC).Length);
        Assert.Equal(string.Empty, CultureInfo.CurrentCulture.Name);
    }
}
