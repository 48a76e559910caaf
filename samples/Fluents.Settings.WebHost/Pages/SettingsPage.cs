using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Environments;
using Fluents.Settings.Members;
using Fluents.Settings.WebHost.Api;
using Fluents.Settings.WebHost.Demo;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fluents.Settings.WebHost.Pages;

/// <summary>
/// What every tab of the Settings page shares: the signed-in member (their role decides which buttons are drawn; the
/// library decides what is allowed), the environment selector, and the refusals shown next to the fields they concern.
/// </summary>
public abstract class SettingsPage(SettingsService settings) : PageModel
{
    /// <summary>The cookie that remembers the environment chosen in the selector.</summary>
    public const string EnvironmentCookie = "fluents-environment";

    /// <summary>The library's application service.</summary>
    protected SettingsService Settings { get; } = settings;

    /// <summary>The account the session works in.</summary>
    public AccountId Account { get; private set; }

    /// <summary>The signed-in user.</summary>
    public UserId Me { get; private set; }

    /// <summary>The signed-in member's row (name, role, email).</summary>
    public UserRow Viewer { get; private set; } = null!;

    /// <summary>The visible environments (R4), for the selector at the top.</summary>
    public IReadOnlyList<EnvironmentOption> Selector { get; private set; } = [];

    /// <summary>The environment chosen in the selector.</summary>
    public EnvironmentOption? CurrentEnvironment { get; private set; }

    /// <summary>Refusals by the field (or row, or form) they concern: the library's message.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>A line saying what just happened.</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>Whether the viewer's role has <paramref name="permission"/>: decides which buttons are drawn, nothing more.</summary>
    /// <param name="permission">The permission.</param>
    /// <returns>Whether the role grants it.</returns>
    public bool May(Permission permission) => Viewer.Role.Allows(permission);

    /// <summary>The refusal shown next to <paramref name="field"/>, if any.</summary>
    /// <param name="field">The field's key.</param>
    /// <returns>The message, or <c>null</c>.</returns>
    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    /// <summary>Shows a refusal next to a field and answers with the error's status from the README's table.</summary>
    /// <param name="field">The field's key.</param>
    /// <param name="error">The library's refusal.</param>
    protected void Refuse(string field, DomainError error)
    {
        Errors[field] = error.Message;
        Response.StatusCode = Problems.StatusOf(error.Code);
    }

    /// <summary>Shows a refusal of this host's own (a missing value) next to a field.</summary>
    /// <param name="field">The field's key.</param>
    /// <param name="message">What is missing.</param>
    protected void Refuse(string field, string message)
    {
        Errors[field] = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    /// <summary>Awaits a change; a failure after its save is logged and the saved result shown (see <see cref="AfterSaveFailures"/>).</summary>
    /// <typeparam name="TResult">The use case's result.</typeparam>
    /// <param name="change">The use case's call.</param>
    /// <returns>Its result.</returns>
    protected Task<TResult> Saved<TResult>(Task<TResult> change)
        where TResult : class =>
        HttpContext.RequestServices.GetRequiredService<AfterSaveFailures>().SavedAsync(change);

    /// <summary>After a change that shows nothing secret: say so, and load the page afresh (post, redirect, get).</summary>
    /// <param name="notice">What happened.</param>
    /// <returns>The redirect.</returns>
    protected IActionResult Done(string notice)
    {
        Notice = notice;
        return RedirectToPage();
    }

    /// <summary>Loads what the tab shows. Called after every handler that renders the page.</summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>A task.</returns>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var cancellationToken = HttpContext.RequestAborted;
        Account = DemoSignIn.AccountOf(User);
        if (DemoSignIn.UserOf(User) is not { } me)
        {
            context.Result = RedirectToPage("/Demo/SignIn");
            return;
        }

        Me = me;
        var users = await Settings.ListUsersAsync(Account, Me, cancellationToken);
        if (!users.TryGetValue(out var rows, out _) || rows.FirstOrDefault(row => row.User == Me) is not { } viewer)
        {
            // Removed from the account, or it is gone: the session ends (R17).
            context.Result = RedirectToPage("/Demo/SignIn", new { ended = true });
            return;
        }

        Viewer = viewer;
        var executed = await next();
        if (executed.Result is not PageResult) return;

        await LoadAsync(cancellationToken);
        Selector = (await Settings.ListEnvironmentSelectorAsync(Account, Me, cancellationToken)).TryGetValue(out var options, out _) ? options : [];
        CurrentEnvironment = Selector.FirstOrDefault(option => option.Id.ToString() == Request.Cookies[EnvironmentCookie]) ?? Selector.FirstOrDefault();
    }

    /// <summary>An instant as the page shows it.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>For example <c>2026-11-28 09:00 UTC</c>.</returns>
    public static string Show(Instant instant) =>
        instant.ToString("uuuu-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
