using System.Security.Claims;
using System.Text.Encodings.Web;
using Fluents.Settings.Accounts;
using Fluents.Settings.Members;
using Fluents.Settings.WebHost.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Fluents.Settings.WebHost.Demo;

/// <summary>
/// Who is signed in. A stand-in for the host's identity provider, and nothing more: the Settings page signs in "as" one of
/// the account's members with a cookie (the demo sign-in page), and the HTTP API names its user in the
/// <c>X-Demo-User</c> header. Neither proves anything; a real host puts its own authentication here. What each user may
/// do is never decided here: the library checks the role on every call (R15).
/// </summary>
public static class DemoSignIn
{
    /// <summary>The HTTP API's scheme: the <c>X-Demo-User</c> header holds the acting user's id.</summary>
    public const string HeaderScheme = "DemoUser";

    /// <summary>The header the HTTP API reads the acting user from.</summary>
    public const string HeaderName = "X-Demo-User";

    /// <summary>The claim that holds the account a cookie session works in.</summary>
    public const string AccountClaim = "fluents:account";

    /// <summary>The user id of a signed-in principal.</summary>
    /// <param name="principal">The request's user.</param>
    /// <returns>The id, or <c>null</c> when nobody is signed in.</returns>
    public static UserId? UserOf(ClaimsPrincipal principal) =>
        UserId.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var user) ? user : null;

    /// <summary>The account a cookie session works in (the demo account unless the claim says otherwise).</summary>
    /// <param name="principal">The request's user.</param>
    /// <returns>The account.</returns>
    public static AccountId AccountOf(ClaimsPrincipal principal) =>
        AccountId.TryParse(principal.FindFirstValue(AccountClaim), out var account) ? account : DemoAccount.Id;

    /// <summary>Signs the browser in as <paramref name="user"/> of <paramref name="account"/> (a cookie).</summary>
    /// <param name="context">The request.</param>
    /// <param name="account">The account.</param>
    /// <param name="user">The user.</param>
    /// <returns>A task.</returns>
    public static Task SignInAsync(HttpContext context, AccountId account, UserId user) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.ToString()), new Claim(AccountClaim, account.ToString())],
            CookieAuthenticationDefaults.AuthenticationScheme)));

    /// <summary>The demo's account, its seeding, and the two sign-in schemes.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration (section <c>Demo</c>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddDemoAccount(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DemoAccount>(configuration.GetSection(DemoAccount.SectionName));
        services.AddHostedService<DemoAccountSeeder>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/demo/sign-in";
                options.Cookie.Name = "fluents-demo";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
            })
            .AddScheme<AuthenticationSchemeOptions, DemoUserHeaderHandler>(HeaderScheme, null);
        services.AddAuthorization();
        return services;
    }
}

/// <summary>Reads the acting user of an HTTP API request from the <c>X-Demo-User</c> header (demo only).</summary>
internal sealed class DemoUserHeaderHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(DemoSignIn.HeaderName, out var value)) return Task.FromResult(AuthenticateResult.NoResult());
        if (!UserId.TryParse(value.ToString(), out var user)) return Task.FromResult(AuthenticateResult.Fail($"{DemoSignIn.HeaderName} is not a user id."));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.ToString())], DemoSignIn.HeaderScheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), DemoSignIn.HeaderScheme)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var problem = Problems.Host(StatusCodes.Status401Unauthorized, "auth.user_required",
            $"Name the acting user in the {DemoSignIn.HeaderName} header (the demo's stand-in for your identity provider).");
        await problem.ExecuteAsync(Context);
    }
}
