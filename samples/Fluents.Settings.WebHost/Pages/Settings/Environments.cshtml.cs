using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Application;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;
using Fluents.Settings.WebHost.Api;
using Microsoft.AspNetCore.Mvc;

namespace Fluents.Settings.WebHost.Pages.Settings;

/// <summary>Settings → Environments: the table, create, edit, hide, delete, keys, and the plan's capacity.</summary>
public sealed class EnvironmentsModel(SettingsService settings, ICallGate gate) : SettingsPage(settings)
{
    /// <summary>The table (every environment, hidden ones included) with the plan's totals.</summary>
    public EnvironmentsTable Table { get; private set; } = null!;

    /// <summary>"In use now / remaining" per environment, from the call gate.</summary>
    public IReadOnlyDictionary<EnvironmentId, CallHeadroom> Headroom { get; private set; } = new Dictionary<EnvironmentId, CallHeadroom>();

    /// <summary>The fair reduction proposed while the account is over-allocated (R12).</summary>
    public RebalanceProposal? Proposal { get; private set; }

    /// <summary>A key just created or rotated, shown this once (R24), and the environment's name.</summary>
    public (string Environment, string Key)? NewKey { get; private set; }

    /// <summary>What the create form was given, to show it again after a refusal.</summary>
    public (string? Name, int? Limit) Create { get; private set; }

    /// <summary>The environment's name, for the banner's lines.</summary>
    /// <param name="environment">The environment.</param>
    /// <returns>Its name.</returns>
    public string NameOf(EnvironmentId environment) => Table.Rows.FirstOrDefault(row => row.Id == environment)?.Name ?? environment.ToString();

    /// <summary>Shows the tab.</summary>
    /// <returns>The page.</returns>
    public IActionResult OnGet() => Page();

    /// <summary>Create Environment.</summary>
    /// <param name="name">Environment Name.</param>
    /// <param name="maxConcurrentCalls">Max Concurrent Calls.</param>
    /// <returns>The page, with the new key shown once, or the refusal next to its field.</returns>
    public async Task<IActionResult> OnPostCreateAsync(string? name, int? maxConcurrentCalls)
    {
        Create = (name, maxConcurrentCalls);
        if (maxConcurrentCalls is not { } limit)
        {
            Refuse("create.limit", "Enter the Max Concurrent Calls, a whole number.");
            return Page();
        }

        var created = await Saved(Settings.CreateEnvironmentAsync(Account, Me, name ?? "", limit, HttpContext.RequestAborted));
        if (!created.TryGetValue(out var environment, out var error))
        {
            Refuse("create." + FieldOf(error), error);
            return Page();
        }

        Create = default;
        Notice = null;
        NewKey = (name!.Trim(), environment.ApiKey.Reveal());
        return Page();
    }

    /// <summary>Edit: the name and/or Max Concurrent Calls.</summary>
    /// <param name="id">The environment.</param>
    /// <param name="name">The name (unchanged when it is the current one).</param>
    /// <param name="maxConcurrentCalls">The limit.</param>
    /// <returns>The page again, or the refusal next to its field.</returns>
    public async Task<IActionResult> OnPostEditAsync(Guid id, string? name, int? maxConcurrentCalls)
    {
        if (id == Guid.Empty) return BadRequest();
        var edited = await Saved(Settings.EditEnvironmentAsync(Account, Me, new EnvironmentId(id), name, maxConcurrentCalls, HttpContext.RequestAborted));
        if (edited.TryGetValue(out _, out var error)) return Done("Saved.");
        Refuse($"{id}.{FieldOf(error)}", error);
        return Page();
    }

    /// <summary>The Hidden toggle.</summary>
    /// <param name="id">The environment.</param>
    /// <param name="hidden">Whether to hide it.</param>
    /// <returns>The page again, or the refusal on the row.</returns>
    public async Task<IActionResult> OnPostHiddenAsync(Guid id, bool hidden)
    {
        if (id == Guid.Empty) return BadRequest();
        var environment = new EnvironmentId(id);
        var error = hidden
            ? (await Saved(Settings.HideEnvironmentAsync(Account, Me, environment, HttpContext.RequestAborted))).Error
            : (await Saved(Settings.UnhideEnvironmentAsync(Account, Me, environment, HttpContext.RequestAborted))).Error;
        if (error is null) return Done(hidden ? "Hidden from the environment selector." : "Shown in the environment selector again.");
        Refuse($"{id}.hidden", error);
        return Page();
    }

    /// <summary>Delete, with the name typed as confirmation (R6).</summary>
    /// <param name="id">The environment.</param>
    /// <param name="confirmationName">The name as typed.</param>
    /// <returns>The page again, or the refusal next to the confirmation.</returns>
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, string? confirmationName)
    {
        if (id == Guid.Empty) return BadRequest();
        var deleted = await Saved(Settings.DeleteEnvironmentAsync(Account, Me, new EnvironmentId(id), confirmationName, HttpContext.RequestAborted));
        if (deleted.TryGetValue(out _, out var error)) return Done("Environment deleted; its API keys no longer work.");
        Refuse($"{id}.delete", error);
        return Page();
    }

    /// <summary>Rotates the environment's API key; the new one is shown once.</summary>
    /// <param name="id">The environment.</param>
    /// <param name="graceMinutes">How long the previous key keeps working.</param>
    /// <returns>The page with the new key, or the refusal on the row.</returns>
    public async Task<IActionResult> OnPostRotateAsync(Guid id, int graceMinutes)
    {
        if (id == Guid.Empty) return BadRequest();
        var rotated = await Saved(Settings.RotateApiKeyAsync(Account, Me, new EnvironmentId(id), Duration.FromMinutes(graceMinutes), HttpContext.RequestAborted));
        if (!rotated.TryGetValue(out var key, out var error))
        {
            Refuse($"{id}.rotate", error);
            return Page();
        }

        Notice = null;
        var table = (await Settings.ListEnvironmentsAsync(Account, Me, HttpContext.RequestAborted)).Value;
        NewKey = (table.Rows.First(row => row.Id == key.Environment).Name, key.ApiKey.Reveal());
        return Page();
    }

    /// <summary>Applies the fair reduction shown in the over-allocation banner.</summary>
    /// <param name="accountVersion">The account version the proposal shown was made for.</param>
    /// <returns>The page again, or the refusal on the banner (stale: look at the new proposal).</returns>
    public async Task<IActionResult> OnPostRebalanceAsync(long accountVersion)
    {
        var refused = await EnvironmentEndpoints.RebalanceAsync(Settings, HttpContext.RequestServices.GetRequiredService<AfterSaveFailures>(), Account, Me, accountVersion, HttpContext.RequestAborted);
        if (refused is null) return Done("The fair reduction was applied: the environments fit the plan again.");
        Refuse("rebalance", refused);
        return Page();
    }

    /// <summary>Demo only: billing changes the plan, as itself (R29). A real host does this from its billing webhook.</summary>
    /// <param name="planLimit">The new plan.</param>
    /// <returns>The page again.</returns>
    public async Task<IActionResult> OnPostPlanAsync(int? planLimit)
    {
        // The demo control is drawn for Admins only; billing's own permission is checked by the library.
        if (!May(Permission.ManageEnvironments))
        {
            Refuse("plan", "Only an Admin may use the demo's billing control.");
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        if (planLimit is not { } limit)
        {
            Refuse("plan", "Enter the plan's concurrent calls, a whole number.");
            return Page();
        }

        var changed = await Saved(Settings.ChangePlanLimitAsync(Account, SystemActor.Billing, limit, HttpContext.RequestAborted));
        if (changed.TryGetValue(out _, out var error)) return Done($"Billing changed the plan to {limit} concurrent calls.");
        Refuse("plan", error);
        return Page();
    }

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Table = (await Settings.ListEnvironmentsAsync(Account, Me, cancellationToken)).Value;
        Headroom = await gate.GetHeadroomByEnvironmentAsync(Account, cancellationToken);
        Proposal = Table.IsOverAllocated && (await Settings.ProposeRebalanceAsync(Account, Me, cancellationToken)).TryGetValue(out var proposal, out _)
            ? proposal
            : null;
    }

    // Which field a refusal concerns: the name, the limit, or the form as a whole.
    private static string FieldOf(DomainError error) => error.Code switch
    {
        "environment.name_invalid" or "environment.name_taken" => "name",
        _ when error.Code.StartsWith("concurrency.", StringComparison.Ordinal) => "limit",
        _ => "form",
    };
}
