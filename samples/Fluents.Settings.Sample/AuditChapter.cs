using Fluents.Settings.Actors;
using Fluents.Settings.Audit;

namespace Fluents.Settings.Sample;

/// <summary>Settings → Audit trail: who did what, when, newest first, paged by cursor (R28), billing as itself (R29).</summary>
internal static class AuditChapter
{
    public static async Task RunAsync(Story story)
    {
        var (service, account, ada) = (story.Service, story.Account, story.Admin);

        Page.Title("Audit trail: who did what, when (R28), newest first, 10 to a page");
        string? cursor = null;
        var pages = 0;
        do
        {
            // A host hands page.Next?.ToString() to its client and gets it back as the next request's cursor.
            var page = (await service.ListAuditTrailAsync(account, ada, cursor: cursor, pageSize: 10)).Value;
            Page.Say($"Page {++pages}:");
            Page.AuditTrail(page.Entries);
            cursor = page.Next?.ToString();
        }
        while (cursor is not null);

        Page.Title("Only what billing did: a system actor appears as itself (R29)");
        Page.AuditTrail((await service.ListAuditTrailAsync(account, ada, new AuditFilter { Actor = SystemActor.Billing.ActorId })).Value.Entries);

        Page.Title("A cursor that was tampered with is refused, not misread");
        Page.Refused(await service.ListAuditTrailAsync(account, ada, cursor: "not-a-cursor"));
    }
}
