using System.Security.Claims;
using Fluents.Settings.Accounts;
using Fluents.Settings.Members;
using Fluents.Settings.WebHost.Demo;

namespace Fluents.Settings.WebHost.Api;

/// <summary>
/// The Settings page's actions as an HTTP API, under <c>/api/accounts/{account}</c>: JSON in and out, every refusal as
/// problem details with the library's code. The acting user comes from the demo's <c>X-Demo-User</c> header; the library
/// decides what that user may do.
/// </summary>
public static class SettingsApi
{
    /// <summary>Maps the account, environment, user, invitation and audit endpoints.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(policy => policy
            .AddAuthenticationSchemes(DemoSignIn.HeaderScheme)
            .RequireAuthenticatedUser());
        // Everything about one account: a route id that is all zeros names no account.
        var account = api.MapGroup("/accounts/{account:guid}").AddEndpointFilter(async (context, next) =>
            context.HttpContext.GetRouteValue("account") is string text && Guid.TryParse(text, out var id) && id != Guid.Empty
                ? await next(context)
                : Problems.Invalid("The account id is not valid."));
        api.MapAccountEndpoints(account);
        account.MapEnvironmentEndpoints();
        account.MapUserEndpoints();
        account.MapInvitationEndpoints();
        account.MapAuditEndpoints();
        return app;
    }

    /// <summary>The acting user (the API's endpoints all require one).</summary>
    internal static UserId Actor(ClaimsPrincipal user) =>
        DemoSignIn.UserOf(user) ?? throw new InvalidOperationException("The endpoint requires an authenticated user.");

    /// <summary>The success's response, or the refusal as problem details.</summary>
    internal static IResult Respond<T>(Outcome<T> outcome, Func<T, IResult> success) =>
        outcome.TryGetValue(out var value, out var error) ? success(value) : Problems.For(error);

    /// <summary>204 on success, or the refusal as problem details.</summary>
    internal static IResult Respond<T>(Outcome<T> outcome) => Respond(outcome, _ => TypedResults.NoContent());

    /// <summary>An id from a route or body; a default (all-zero) id names nothing.</summary>
    internal static bool TryId(Guid value) => value != Guid.Empty;

    /// <summary>The response to an id that names nothing.</summary>
    internal static IResult InvalidId(string what) => Problems.Invalid($"The {what} id is not valid.");

    /// <summary>An instant as JSON shows it.</summary>
    internal static DateTimeOffset JsonTime(Instant instant) => instant.ToDateTimeOffset();
}
