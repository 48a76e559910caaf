using Fluents.Settings.Application;
using Fluents.Settings.InMemory;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fluents.Settings.WebHost.Pages.Demo;

/// <summary>Demo mailbox: the invitations the in-memory mailer would have sent, with their accept links.</summary>
public sealed class MailboxModel(IInvitationMailer mailer) : PageModel
{
    /// <summary>The mail, newest first; empty when a real mailer is registered (it sends the mail itself).</summary>
    public IReadOnlyList<InvitationEmail> Mail { get; private set; } = [];

    /// <summary>Whether the in-memory mailer is in use.</summary>
    public bool InMemory => mailer is InMemoryInvitationMailer;

    /// <summary>The accept link an email carries: the only place a token ever appears in an address.</summary>
    /// <param name="mail">The email.</param>
    /// <returns>The link.</returns>
    public static string AcceptLink(InvitationEmail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        return $"/invitations/accept?account={mail.Account}&token={Uri.EscapeDataString(mail.Token.Reveal())}";
    }

    /// <summary>Lists the mail.</summary>
    public void OnGet() => Mail = mailer is InMemoryInvitationMailer outbox ? outbox.Outbox.Reverse().ToList() : [];
}
