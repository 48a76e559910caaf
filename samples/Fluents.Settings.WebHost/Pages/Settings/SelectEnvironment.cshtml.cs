using Fluents.Settings.Application;
using Fluents.Settings.WebHost.Demo;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fluents.Settings.WebHost.Pages.Settings;

/// <summary>The environment selector at the top: remembers the choice (visible environments only, R4) in a cookie.</summary>
public sealed class SelectEnvironmentModel(SettingsService settings) : PageModel
{
    /// <summary>Nothing to show: back to the Settings page.</summary>
    /// <returns>The redirect.</returns>
    public IActionResult OnGet() => RedirectToPage("/Settings/Environments");

    /// <summary>Switches to <paramref name="environment"/> if the selector offers it.</summary>
    /// <param name="environment">The chosen environment.</param>
    /// <param name="returnUrl">The page to go back to.</param>
    /// <returns>The redirect.</returns>
    public async Task<IActionResult> OnPostAsync(Guid environment, string? returnUrl)
    {
        if (DemoSignIn.UserOf(User) is { } me
            && (await settings.ListEnvironmentSelectorAsync(DemoSignIn.AccountOf(User), me, HttpContext.RequestAborted)).TryGetValue(out var options, out _)
            && options.Any(option => option.Id.Value == environment))
        {
            Response.Cookies.Append(SettingsPage.EnvironmentCookie, environment.ToString(), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
        }
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage("/Settings/Environments");
    }
}
