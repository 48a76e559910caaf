using Fluents.Settings.Application;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.WebHost.Demo;
using Microsoft.AspNetCore.Mvc;

namespace Fluents.Settings.WebHost.Pages.Settings;

/// <summary>Settings → Users: the members and their roles, invitations, and leaving.</summary>
public sealed class UsersModel(SettingsService settings, IInvitationMailer mailer) : SettingsPage(settings)
{
    /// <summary>The account's members.</summary>
    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    /// <summary>Open invitations (pending or expired), with what may be done with each.</summary>
    public IReadOnlyList<PendingInvitationRow> Invitations { get; private set; } = [];

    /// <summary>What the invite form was given, to show it again after a refusal.</summary>
    public (string? Email, Role Role) Invite { get; private set; } = (null, Role.Member);

    /// <summary>Whether invitation mail stays in this process (the demo mailbox shows it).</summary>
    public bool HasDemoMailbox => mailer is InMemory.InMemoryInvitationMailer;

    /// <summary>Shows the tab.</summary>
    /// <returns>The page.</returns>
    public IActionResult OnGet() => Page();

    /// <summary>Change role (Admin ↔ Member).</summary>
    /// <param name="id">The member.</param>
    /// <param name="role">The new role.</param>
    /// <returns>The page again, or the refusal on the row (the last Admin, one's own role).</returns>
    public async Task<IActionResult> OnPostRoleAsync(Guid id, Role role)
    {
        if (id == Guid.Empty || !Enum.IsDefined(role)) return BadRequest();
        var changed = await Saved(Settings.ChangeRoleAsync(Account, Me, new UserId(id), role, HttpContext.RequestAborted));
        if (changed.TryGetValue(out _, out var error)) return Done($"Role changed to {role}.");
        Refuse($"{id}.role", error);
        return Page();
    }

    /// <summary>Remove the user from the account (their access to every environment ends).</summary>
    /// <param name="id">The member.</param>
    /// <returns>The page again, or the refusal on the row.</returns>
    public async Task<IActionResult> OnPostRemoveAsync(Guid id)
    {
        if (id == Guid.Empty) return BadRequest();
        var removed = await Saved(Settings.RemoveMemberAsync(Account, Me, new UserId(id), HttpContext.RequestAborted));
        if (removed.TryGetValue(out _, out var error)) return Done("User removed from the account.");
        Refuse($"{id}.remove", error);
        return Page();
    }

    /// <summary>Leave the account.</summary>
    /// <returns>The sign-in page, or the refusal (the last Admin cannot leave, R16).</returns>
    public async Task<IActionResult> OnPostLeaveAsync()
    {
        var left = await Saved(Settings.LeaveAsync(Account, Me, HttpContext.RequestAborted));
        if (left.TryGetValue(out _, out var error)) return RedirectToPage("/Demo/SignIn", new { ended = true });
        Refuse("leave", error);
        return Page();
    }

    /// <summary>Add User: invite by email, with a role.</summary>
    /// <param name="email">The email.</param>
    /// <param name="role">The role.</param>
    /// <returns>The page again, or the refusal next to the email.</returns>
    public async Task<IActionResult> OnPostInviteAsync(string? email, Role role)
    {
        Invite = (email, role);
        if (!Enum.IsDefined(role)) return BadRequest();
        var invited = await Saved(Settings.InviteAsync(Account, Me, email ?? "", role, HttpContext.RequestAborted));
        if (!invited.TryGetValue(out var sent, out var error))
        {
            Refuse(error.Code == "account.not_permitted" ? "invite.form" : "invite.email", error);
            return Page();
        }
        return Done(Sent("Invitation sent", sent));
    }

    /// <summary>Renew an expired invitation: a new link, a new expiry (R21).</summary>
    /// <param name="id">The invitation.</param>
    /// <returns>The page again, or the refusal on the row.</returns>
    public async Task<IActionResult> OnPostRenewAsync(Guid id)
    {
        if (id == Guid.Empty) return BadRequest();
        var renewed = await Saved(Settings.RenewInvitationAsync(Account, Me, new InvitationId(id), HttpContext.RequestAborted));
        if (renewed.TryGetValue(out var sent, out var error)) return Done(Sent("Invitation renewed", sent));
        Refuse($"{id}.invitation", error);
        return Page();
    }

    /// <summary>Resend a pending invitation: a new link, the same expiry (R21).</summary>
    /// <param name="id">The invitation.</param>
    /// <returns>The page again, or the refusal on the row.</returns>
    public async Task<IActionResult> OnPostResendAsync(Guid id)
    {
        if (id == Guid.Empty) return BadRequest();
        var resent = await Saved(Settings.ResendInvitationAsync(Account, Me, new InvitationId(id), HttpContext.RequestAborted));
        if (resent.TryGetValue(out var sent, out var error)) return Done(Sent("Invitation sent again", sent));
        Refuse($"{id}.invitation", error);
        return Page();
    }

    /// <summary>Revoke an open invitation: its link stops working.</summary>
    /// <param name="id">The invitation.</param>
    /// <returns>The page again, or the refusal on the row.</returns>
    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        if (id == Guid.Empty) return BadRequest();
        var revoked = await Saved(Settings.RevokeInvitationAsync(Account, Me, new InvitationId(id), HttpContext.RequestAborted));
        if (revoked.TryGetValue(out _, out var error)) return Done("Invitation revoked.");
        Refuse($"{id}.invitation", error);
        return Page();
    }

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Users = (await Settings.ListUsersAsync(Account, Me, cancellationToken)).Value;
        var invitations = await Settings.ListPendingInvitationsAsync(Account, Me, cancellationToken);
        Invitations = invitations.TryGetValue(out var rows, out _) ? rows : [];
    }

    private string Sent(string what, InvitationDispatched sent) =>
        $"{what} to {sent.Email} ({sent.Role}); it expires {Show(sent.ExpiresAt)}."
        + (sent.Delivered || sent.Queued ? "" : " The mail could not be sent: use Resend.")
        + (HasDemoMailbox ? " The demo mailbox has the link." : "");
}
