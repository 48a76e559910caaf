using System.Net;
using Fluents.Settings.WebHostTests.Support;

namespace Fluents.Settings.WebHostTests.Api;

[Collection(WebHostCollection.Name)]
public sealed class UserApiTests(WebHostFactory host)
{
    [Fact]
    public async Task ListUsers_ShowsNameRoleAndEmail()
    {
        var account = await TestAccount.OpenAsync(host);
        await account.AddMemberAsync("Grace Hopper", "grace@example.com");

        var users = await (await account.AsAdminAsync(HttpMethod.Get, "/users")).JsonAsync();

        Assert.Equal(["Ada Lovelace Admin ada@example.com", "Grace Hopper Member grace@example.com"],
            users.EnumerateArray().Select(u => $"{u.GetProperty("name").GetString()} {u.GetProperty("role").GetString()} {u.GetProperty("email").GetString()}").Order());
    }

    [Fact]
    public async Task ChangeRole_PromotesAMember_ButNeverOnesOwnRole()
    {
        var account = await TestAccount.OpenAsync(host);
        var grace = await account.AddMemberAsync("Grace Hopper", "grace@example.com");

        Assert.Equal(HttpStatusCode.NoContent, (await account.AsAdminAsync(HttpMethod.Put, $"/users/{grace}/role", new { role = "Admin" })).StatusCode);
        await (await account.AsAdminAsync(HttpMethod.Put, $"/users/{account.Admin}/role", new { role = "Member" })).ProblemAsync(409, "member.own_role");
        await (await account.AsAdminAsync(HttpMethod.Put, $"/users/{Guid.NewGuid()}/role", new { role = "Admin" })).ProblemAsync(404, "member.not_found");
    }

    [Fact]
    public async Task TheLastAdmin_CannotBeDemotedRemovedOrLeave()
    {
        var account = await TestAccount.OpenAsync(host);
        var grace = await account.AddMemberAsync("Grace Hopper", "grace@example.com", role: "Admin");
        Assert.Equal(HttpStatusCode.NoContent, (await account.SendAsync(grace, HttpMethod.Put, $"/users/{account.Admin}/role", new { role = "Member" })).StatusCode);

        var problem = await (await account.SendAsync(grace, HttpMethod.Post, "/leave")).ProblemAsync(409, "member.last_admin");
        Assert.Contains("Admin", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await account.SendAsync(grace, HttpMethod.Delete, $"/users/{grace}")).ProblemAsync(409, "member.last_admin");
    }

    [Fact]
    public async Task RemoveMember_EndsTheirAccess_AndLeaveWorksForAMember()
    {
        var account = await TestAccount.OpenAsync(host);
        var grace = await account.AddMemberAsync("Grace Hopper", "grace@example.com");
        var alan = await account.AddMemberAsync("Alan Turing", "alan@example.com");

        Assert.Equal(HttpStatusCode.NoContent, (await account.AsAdminAsync(HttpMethod.Delete, $"/users/{grace}")).StatusCode);
        await (await account.SendAsync(grace, HttpMethod.Get, "/environments")).ProblemAsync(403, "account.not_permitted");
        Assert.Equal(HttpStatusCode.NoContent, (await account.SendAsync(alan, HttpMethod.Post, "/leave")).StatusCode);
        await (await account.AsAdminAsync(HttpMethod.Delete, $"/users/{alan}")).ProblemAsync(404, "member.not_found");
    }

    [Fact]
    public async Task WithoutTheDemoUserHeader_TheApiAnswers401()
    {
        using var client = host.CreateClient();

        var response = await client.GetAsync(new Uri("/api/accounts/0196f000-0000-7000-8000-00000000a000/users", UriKind.Relative));

        await response.ProblemAsync(401, "auth.user_required");
    }
}
