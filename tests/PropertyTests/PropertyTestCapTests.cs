namespace Fluents.Settings.PropertyTests;

/// <summary>
/// The cap that <c>tools/mutation/run</c> sets (<c>FLUENTS_PROPERTY_MAXTEST</c>) must never weaken an ordinary run:
/// without it every property runs the count written on it; with it none runs more than the cap.
/// </summary>
public class PropertyTestCapTests
{
    [Fact]
    public void MaxTest_WrittenOnAProperty_IsKeptWithoutTheCapAndLoweredToItWithIt()
    {
        var property = new PropertyAttribute { MaxTest = 2000 };
        var properties = new PropertiesAttribute { MaxTest = 2000 };

        var expected = PropertyTestCap.Cases is { } cap ? Math.Min(cap, 2000) : 2000;
        Assert.Equal(expected, property.MaxTest);
        Assert.Equal(expected, properties.MaxTest);
    }

    [Fact]
    public void MaxTest_NotWritten_IsUnsetWithoutTheCapAndAtMostTheCapWithIt()
    {
        var properties = new PropertiesAttribute();

        // FsCheck's attribute reads -1 for "not written": the class's, the assembly's or FsCheck's default applies.
        Assert.Equal(PropertyTestCap.Cases is { } cap ? Math.Min(cap, 100) : -1, properties.MaxTest);
    }
}
