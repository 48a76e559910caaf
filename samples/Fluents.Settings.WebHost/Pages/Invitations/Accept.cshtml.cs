using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;
using Fluents.Settings.WebHost.Api;
using Fluents.Settings.WebHost.Demo;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fluents.Settings.WebHost.Pages.Invitations;

/// <summary>
/// Where an invitation's link leads: the invitee says who they are and joins with the invited role (R22). The token arrives
/// in the link (the one address a token may appear in) and leaves the page in the form's body, never in another URL.
/// </summary>
public sealed class AcceptModel(SettingsService settings, IClock clock, ISecretGenerator secrets) : PageModel
{
    /// <summary>The account (from the link).</summary>
    [BindProperty(SupportsGet = true)]
    public Guid Account { get; set; }

    /// <summary>The token (from the link, then the form).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>The invitee's name.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The invitee's email: it must be the one invited.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>Refusals by field (<c>name</c>, <c>email</c>, or <c>link</c> for the invitation itself).</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Shows the form.</summary>
    /// <returns>The page.</returns>
    public IActionResult OnGet()
    {
        if (Account == Guid.Empty || string.IsNullOrEmpty(Token)) Errors["link"] = "This link is incomplete: open it from the invitation email.";
        return Page();
    }

    /// <summary>Accepts: the new member is signed in and lands on the Settings page.</summary>
    /// <returns>The Settings page, or this page with the refusal next to its field.</returns>
    public async Task<IActionResult> OnPostAsync()
    {
        if (Account == Guid.Empty || string.IsNullOrEmpty(Token))
        {
            Errors["link"] = "This link is incomplete: open it from the invitation email.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // The demo has no identity provider: joining mints the new user's id.
        var user = UserId.New(clock.GetCurrentInstant(), secrets);
        var account = new AccountId(Account);
        var accepted = await HttpContext.RequestServices.GetRequiredService<AfterSaveFailures>().SavedAsync(settings.AcceptInvitationAsync(account, user, Name ?? "", Email ?? "", Token, HttpContext.RequestAborted));
        if (!accepted.TryGetValue(out var joined, out var error))
        {
            Errors[error.Code switch
            {
                "member.name_invalid" => "name",
                "email.invalid" or "invitation.email_mismatch" or "member.already_member" => "email",
                _ => "link",
            }] = error.Message;
            Response.StatusCode = Problems.StatusOf(error.Code);
            return Page();
        }

        await DemoSignIn.SignInAsync(HttpContext, account, joined.Member.UserId);
        return Redirect("/settings/environments");
    }
}
