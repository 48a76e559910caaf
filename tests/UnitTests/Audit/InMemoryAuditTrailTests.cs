using Fluents.Settings.Audit;
using Fluents.Settings.Contracts;
using Fluents.Settings.InMemory;

namespace Fluents.Settings.UnitTests.Audit;

/// <summary>The embedded audit trail passes the contract every adapter must pass.</summary>
public sealed class InMemoryAuditTrailTests : AuditTrailContract
{
    protected override IAuditTrail CreateTrail() => new InMemoryAuditTrail();

    [Fact]
    public async Task Count_AfterRetriedAppends_CountsEachEntryOnce()
    {
        var trail = new InMemoryAuditTrail();
        var history = History.Build(changes: 8);

        await trail.AppendAsync(history.Entries);
        await trail.AppendAsync(history.Entries);

        Assert.Equal(history.Entries.Count, trail.Count);
    }
}
