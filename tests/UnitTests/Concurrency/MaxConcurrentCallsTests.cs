using Fluents.Settings.Concurrency;

namespace Fluents.Settings.UnitTests.Concurrency;

/// <summary>R9: Max Concurrent Calls is a whole number, 0 or more; 0 pauses the environment.</summary>
public class MaxConcurrentCallsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(int.MaxValue)]
    public void Create_ZeroOrMore_IsThatNumber_R9(int value) => Assert.Equal(value, MaxConcurrentCalls.Create(value).AsT0.Value);

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Create_Negative_IsRefusedWithTheNumberGiven_R9(int value) =>
        Assert.Equal(new InvalidMaxConcurrentCalls(value), MaxConcurrentCalls.Create(value).AsT1);

    [Fact]
    public void Zero_IsZeroCalls() => Assert.Equal(MaxConcurrentCalls.Create(0).AsT0, MaxConcurrentCalls.Zero);

    [Fact]
    public void CompareTo_OrdersByTheNumberOfCalls()
    {
        var five = MaxConcurrentCalls.Create(5).AsT0;
        var twenty = MaxConcurrentCalls.Create(20).AsT0;

        Assert.True(five.CompareTo(twenty) < 0);
        Assert.True(twenty.CompareTo(five) > 0);
        Assert.Equal(0, twenty.CompareTo(MaxConcurrentCalls.Create(20).AsT0));
    }

    [Fact]
    public void ToString_IsTheNumber() => Assert.Equal("1200", MaxConcurrentCalls.Create(1200).AsT0.ToString());
}
