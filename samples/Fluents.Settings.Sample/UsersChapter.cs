using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.Sample;

/// <summary>Settings → Users: invitations that expire and renew, roles, and the account's last Admin (R14–R23).</summary>
internal static class UsersChapter
{
    public static async Task RunAsync(Story story)
    {
        var (service, account, ada) = (story.Service, story.Account, story.Admin);
        var grace = new UserId(Guid.Parse("0196f000-0000-7000-8000-0000000000b2"));

        Page.Title("Ada invites Grace as a Member");
        var sent = (await service.InviteAsync(account, ada, "Grace.Hopper@Example.com", Role.Member)).Value;
        Page.Say($"Email to {sent.Email} delivered: {sent.Delivered}; the token went to the mailer only.");
        await ShowPendingAsync(story);

        Page.Title("Eight days pass: the invitation expires (R20), Renew becomes available");
        story.Clock.Advance(Duration.FromDays(8));
        await ShowPendingAsync(story);
        var expiredLink = story.Settings.Mailer.LastSentTo("grace.hopper@example.com")!.Token.Reveal();
        Page.Refused(await service.AcceptInvitationAsync(account, grace, "Grace Hopper", "grace.hopper@example.com", expiredLink));

        Page.Title("Ada renews it: new link, new expiry, pending again (R21)");
        Page.Saved(await service.RenewInvitationAsync(account, ada, sent.Invitation));
        await ShowPendingAsync(story);
        Page.Say("The old link no longer works:");
        Page.Refused(await service.AcceptInvitationAsync(account, grace, "Grace Hopper", "grace.hopper@example.com", expiredLink));

        Page.Title("Grace accepts with the new link (R22)");
        var link = story.Settings.Mailer.LastSentTo("grace.hopper@example.com")!.Token.Reveal();
        var joined = (await service.AcceptInvitationAsync(account, grace, "Grace Hopper", "GRACE.HOPPER@example.com", link)).Value;
        Page.Say($"{joined.Member.Name} joined as {joined.Member.Role}. The same link again:");
        Page.Refused(await service.AcceptInvitationAsync(account, grace, "Grace Hopper", "grace.hopper@example.com", link));
        Page.Say("As a Member, Grace may look but not change anything (R15):");
        Page.Refused(await service.CreateEnvironmentAsync(account, grace, "graces-lab", 0));
        Page.Say("Nor read the audit trail, which is for Admins (R28):");
        Page.Refused(await service.ListAuditTrailAsync(account, grace));

        Page.Title("Ada promotes Grace to Admin; Grace then makes Ada a Member");
        Page.Saved(await service.ChangeRoleAsync(account, ada, grace, Role.Admin));
        Page.Saved(await service.ChangeRoleAsync(account, grace, ada, Role.Member));
        Page.Users((await service.ListUsersAsync(account, ada)).Value);

        Page.Title("Grace is now the last Admin: she cannot be demoted, nor leave (R16)");
        Page.Refused(await service.ChangeRoleAsync(account, ada, grace, Role.Member));
        Page.Refused(await service.LeaveAsync(account, grace));

        Page.Title("Grace gives the Admin role back to Ada; the users table");
        Page.Saved(await service.ChangeRoleAsync(account, grace, ada, Role.Admin));
        Page.Users((await service.ListUsersAsync(account, ada)).Value);
    }

    private static async Task ShowPendingAsync(Story story) =>
        Page.PendingInvitations((await story.Service.ListPendingInvitationsAsync(story.Account, story.Admin)).Value);
}
