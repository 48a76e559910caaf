using System.Net;
using Fluents.Settings.WebHostTests.Support;

namespace Fluents.Settings.WebHostTests.Api;

[Collection(WebHostCollection.Name)]
public sealed class InvitationApiTests(WebHostFactory host)
{
    [Fact]
    public async Task Invite_ListsThePendingInvitation_WithInvitedByExpiryStatusAndActions()
    {
        var account = await TestAccount.OpenAsync(host);

        var sent = await account.AsAdminAsync(HttpMethod.Post, "/invitations", new { email = "Grace@Example.com", role = "Member" });

        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var body = await sent.JsonAsync();
        Assert.Equal("grace@example.com", body.GetProperty("email").GetString());
        Assert.True(body.GetProperty("delivered").GetBoolean());
        Assert.DoesNotContain(account.TokenSentTo("grace@example.com"), await sent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var row = (await (await account.AsAdminAsync(HttpMethod.Get, "/invitations")).JsonAsync()).EnumerateArray().Single();
        Assert.Equal("Ada Lovelace", row.GetProperty("invitedBy").GetString());
        Assert.Equal("Pending", row.GetProperty("status").GetString());
        Assert.Equal(host.Clock.GetCurrentInstant().Plus(Duration.FromDays(7)).ToDateTimeOffset(), row.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(["Resend", "Revoke"], row.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("not-an-email", 400, "email.invalid")]
    [InlineData("ada@example.com", 409, "member.already_member")]
    public async Task Invite_ABadOrMemberEmail_IsRefused(string email, int status, string code)
    {
        var account = await TestAccount.OpenAsync(host);

        await (await account.AsAdminAsync(HttpMethod.Post, "/invitations", new { email, role = "Member" })).ProblemAsync(status, code);
    }

    [Fact]
    public async Task Invite_TwiceTheSameEmail_IsRefusedAsAlreadyOpen()
    {
        var account = await TestAccount.OpenAsync(host);
        await account.AsAdminAsync(HttpMethod.Post, "/invitations", new { email = "grace@example.com", role = "Member" });

        await (await account.AsAdminAsync(HttpMethod.Post, "/invitations", new { email = "GRACE@example.com", role = "Admin" })).ProblemAsync(409, "invitation.already_open");
    }

    [Fact]
    public async Task RenewResendRevoke_FollowTheStatus_AndRenewMakesAnExpiredInvitationPendingAgain()
    {
        var account = await TestAccount.OpenAsync(host);
        var id = (await (await account.AsAdminAsync(HttpMethod.Post, "/invitations", new { email = "grace@example.com", role = "Member" })).JsonAsync()).GetProperty("id").GetGuid();

        await (await account.AsAdminAsync(HttpMethod.Post, $"/invitations/{id}/renew")).ProblemAsync(409, "invitation.renew_unavailable");
        Assert.Equal(HttpStatusCode.OK, (await account.AsAdminAsync(HttpMethod.Post, $"/invitations/{id}/resend")).StatusCode);

        host.Clock.Advance(Duration.FromDays(7));
        var expired = (await (await account.AsAdminAsync(HttpMethod.Get, "/invitations")).JsonAsync()).EnumerateArray().Single();
        Assert.Equal("Expired", expired.GetProperty("status").GetString());
        await (await account.AsAdminAsync(HttpMethod.Post, $"/invitations/{id}/resend")).ProblemAsync(409, "invitation.resend_unavailable");

        var renewed = await account.AsAdminAsync(HttpMethod.Post, $"/invitations/{id}/renew");
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Equal(host.Clock.GetCurrentInstant().Plus(Duration.FromDays(7)).ToDateTimeOffset(), (await renewed.JsonAsync()).GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal("Pending", (await (await account.AsAdminAsync(HttpMethod.Get, "/invitations")).JsonAsync()).EnumerateArray().Single().GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await account.AsAdminAsync(HttpMethod.Post, $"/invitations/{id}/revoke")).StatusCode);
        await (await account.AsAdminAsync(HttpMethod.Post, $"/invitations/{id}/revoke")).ProblemAsync(409, "invitation.revoke_unavailable");
        await (await account.AsAdminAsync(HttpMethod.Post, $"/invitations/{Guid.NewGuid()}/resend")).ProblemAsync(404, "invitation.not_found");
    }

    [Fact]
    public async Task Accept_RefusesAWrongTokenAWrongEmailABadNameAnExpiredOrRevokedInvitation_AndWorksOnce()
    {
        var account = await TestAccount.OpenAsync(host);
        await account.AsAdminAsync(HttpMethod.Post, "/invitations", new { email = "grace@example.com", role = "Member" });
        var token = account.TokenSentTo("grace@example.com");
        Task<HttpResponseMessage> Accept(string t, string name, string email) =>
            account.SendAsync(Guid.NewGuid(), HttpMethod.Post, "/api/invitations/accept", new { accountId = account.Id, token = t, name, email });

        await (await Accept(token[..^2] + "xx", "Grace Hopper", "grace@example.com")).ProblemAsync(404, "invitation.token_mismatch");
        await (await Accept(token, "Grace Hopper", "alan@example.com")).ProblemAsync(403, "invitation.email_mismatch");
        await (await Accept(token, "\u202E", "grace@example.com")).ProblemAsync(400, "member.name_invalid");

        var accepted = await Accept(token, "Grace Hopper", "grace@example.com");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("Member", (await accepted.JsonAsync()).GetProperty("role").GetString());
        await (await Accept(token, "Grace Hopper", "grace@example.com")).ProblemAsync(409, "invitation.already_accepted");

        await account.AsAdminAsync(HttpMethod.Post, "/invitations", new { email = "alan@example.com", role = "Member" });
        var alan = account.TokenSentTo("alan@example.com");
        host.Clock.Advance(Duration.FromDays(7));
        await (await Accept(alan, "Alan Turing", "alan@example.com")).ProblemAsync(410, "invitation.expired");

        await account.AsAdminAsync(HttpMethod.Post, "/invitations", new { email = "kay@example.com", role = "Member" });
        var kay = account.TokenSentTo("kay@example.com");
        var invitation = (await (await account.AsAdminAsync(HttpMethod.Get, "/invitations")).JsonAsync()).EnumerateArray().Single(i => i.GetProperty("email").GetString() == "kay@example.com");
        await account.AsAdminAsync(HttpMethod.Post, $"/invitations/{invitation.GetProperty("id").GetGuid()}/revoke");
        await (await Accept(kay, "Kay Nyberg", "kay@example.com")).ProblemAsync(410, "invitation.revoked");
    }

    [Fact]
    public async Task SetInvitationValidity_AcceptsOneHourToThirtyDays()
    {
        var account = await TestAccount.OpenAsync(host);

        Assert.Equal(HttpStatusCode.NoContent, (await account.AsAdminAsync(HttpMethod.Put, "/invitation-validity", new { validityHours = 48 })).StatusCode);
        await (await account.AsAdminAsync(HttpMethod.Put, "/invitation-validity", new { validityHours = 31 * 24 })).ProblemAsync(400, "invitation.invalid_validity");
    }
}
