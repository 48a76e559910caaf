using Fluents.Settings.Application;
using Fluents.Settings.Audit;
using Fluents.Settings.Environments;
using Microsoft.AspNetCore.Mvc;

namespace Fluents.Settings.WebHost.Pages.Settings;

/// <summary>The audit trail: who did what, when (R28), newest first, filterable by environment, paged by cursor.</summary>
public sealed class AuditModel(SettingsService settings) : SettingsPage(settings)
{
    /// <summary>The environments to filter by (hidden ones included).</summary>
    public IReadOnlyList<EnvironmentRow> Environments { get; private set; } = [];

    /// <summary>The environment filtered by, if any.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Environment { get; set; }

    /// <summary>Where the page starts (the previous page's last entry), if not at the newest.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    /// <summary>The page of entries.</summary>
    public AuditPage? Trail { get; private set; }

    /// <summary>Shows the tab.</summary>
    /// <returns>The page.</returns>
    public IActionResult OnGet() => Page();

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Environments = (await Settings.ListEnvironmentsAsync(Account, Me, cancellationToken)).Value.Rows;
        var filter = new AuditFilter { Environment = Environment is { } id && id != Guid.Empty ? new EnvironmentId(id) : null };
        var trail = await Settings.ListAuditTrailAsync(Account, Me, filter, Cursor, pageSize: 25, cancellationToken);
        if (trail.TryGetValue(out var page, out var error)) Trail = page;
        else Refuse("trail", error); // a Member may not read it (R15); an edited cursor is refused (R28)
    }
}
