namespace Fluents.Settings.WebHostTests.Support;

/// <summary>The API tests share one host (each opens accounts of its own); they run one after another, so the clock is theirs.</summary>
[CollectionDefinition(Name)]
public sealed class WebHostCollection : ICollectionFixture<WebHostFactory>
{
    public const string Name = "Web host";
}
