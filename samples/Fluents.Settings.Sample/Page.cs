using Fluents.Settings.Audit;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using NodaTime.Text;

namespace Fluents.Settings.Sample;

/// <summary>Prints the Settings page the way the product shows it.</summary>
internal static class Page
{
    private static readonly InstantPattern Time = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    public static void Title(string title)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title}");
    }

    public static void Say(string line) => Console.WriteLine($"   {line}");

    /// <summary>A change the story expects to be saved: prints ✓, or stops the walkthrough with the refusal.</summary>
    public static void Saved<T>(Outcome<T> result)
    {
        if (!result.TryGetValue(out _, out var error))
            throw new InvalidOperationException($"The walkthrough expected a save, but it was refused: [{error.Code}] {error.Message}");
        Console.WriteLine("   ✓ saved");
    }

    /// <summary>A change the story expects to be refused: prints the refusal's stable code and its message.</summary>
    public static void Refused<T>(Outcome<T> result)
    {
        if (result.TryGetValue(out var value, out var error))
            throw new InvalidOperationException($"The walkthrough expected a refusal, but it succeeded: {value}");
        Console.WriteLine($"   ✗ refused [{error.Code}] {error.Message}");
    }

    public static void Environments(EnvironmentsTable table)
    {
        Console.WriteLine($"   {"ID",-8} {"Environment Name",-18} {"API Key",-12} {"Max Concurrent Calls",20} {"Created At",-17} Hidden");
        foreach (var row in table.Rows)
            Console.WriteLine($"   {row.Id.ToString()[^8..],-8} {row.Name,-18} {row.ApiKey,-12} {row.MaxConcurrentCalls,20} {Time.Format(row.CreatedAt),-17} {(row.Hidden ? "ON" : "OFF")}");
        Console.WriteLine($"   Plan {table.PlanLimit} · allocated {table.Allocated} · unallocated {table.Unallocated}{(table.IsOverAllocated ? " · OVER-ALLOCATED" : "")}");
    }

    public static void Selector(IReadOnlyList<EnvironmentOption> options) =>
        Console.WriteLine($"   Environment selector: {string.Join(" | ", options.Select(o => o.Name))}");

    public static void Users(IReadOnlyList<UserRow> users)
    {
        Console.WriteLine($"   {"User",-16} {"Role",-7} Email");
        foreach (var user in users) Console.WriteLine($"   {user.Name,-16} {user.Role,-7} {user.Email}");
    }

    public static void AuditTrail(IReadOnlyList<AuditEntry> entries)
    {
        Console.WriteLine($"   {"When",-17} {"Who",-22} What");
        foreach (var entry in entries)
        {
            var who = entry.Actor.IsSystemActor ? $"{entry.Actor.Name} (system)" : entry.Actor.Name;
            Console.WriteLine($"   {Time.Format(entry.OccurredAt),-17} {who,-22} {entry.Summary[(entry.Actor.Name.Length + 1)..]}");
        }
    }

    public static void PendingInvitations(IReadOnlyList<PendingInvitationRow> rows)
    {
        if (rows.Count == 0)
        {
            Console.WriteLine("   (no pending invitations)");
            return;
        }
        Console.WriteLine($"   {"Email",-26} {"Invited By",-14} {"Expires At",-17} {"Status",-8} Actions");
        foreach (var row in rows)
            Console.WriteLine($"   {row.Email,-26} {row.InvitedBy,-14} {Time.Format(row.ExpiresAt),-17} {row.Status,-8} {row.Actions}");
    }
}
