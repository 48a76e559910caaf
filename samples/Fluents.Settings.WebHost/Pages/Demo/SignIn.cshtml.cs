using Fluents.Settings.Application;
using Fluents.Settings.Members;
using Fluents.Settings.WebHost.Demo;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fluents.Settings.WebHost.Pages.Demo;

/// <summary>Demo sign-in: choose one of the account's members (a stand-in for the host's identity provider).</summary>
public sealed class SignInModel(SettingsService settings) : PageModel
{
    /// <summary>The demo account's members.</summary>
    public IReadOnlyList<Member> Members { get; private set; } = [];

    /// <summary>Whether the previous session ended (the user left or was removed).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Ended { get; set; }

    /// <summary>Lists the members to sign in as.</summary>
    /// <returns>The page.</returns>
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Signs in as <paramref name="user"/>, if they are a member.</summary>
    /// <param name="user">The user.</param>
    /// <returns>The Settings page, or this page again.</returns>
    public async Task<IActionResult> OnPostAsync(Guid user)
    {
        await LoadAsync();
        if (Members.FirstOrDefault(member => member.UserId.Value == user) is not { } chosen) return Page();
        await DemoSignIn.SignInAsync(HttpContext, DemoAccount.Id, chosen.UserId);
        return Redirect("/settings/environments");
    }

    /// <summary>Signs out.</summary>
    /// <returns>This page.</returns>
    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var found = await settings.FindAccountAsync(DemoAccount.Id, HttpContext.RequestAborted);
        Members = found.TryGetValue(out var account, out _) ? account.Members.OrderBy(member => member.JoinedAt).ToList() : [];
    }
}
