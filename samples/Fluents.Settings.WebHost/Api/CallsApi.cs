using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Concurrency;

namespace Fluents.Settings.WebHost.Api;

/// <summary>
/// The voice platform's side: a call starts and ends through the call gate (R13), authenticated by the environment's API
/// key (<c>Authorization: Bearer flk_…</c>, R27). The key names the account and the environment; nothing else is trusted.
/// </summary>
public static class CallsApi
{
    /// <summary>A call to start.</summary>
    /// <param name="LeaseId">The lease id of a retried start, so that it counts once; none for a new call.</param>
    public sealed record StartCallRequest(Guid? LeaseId);

    /// <summary>A call admitted: keep its lease id and end the call with it.</summary>
    /// <param name="LeaseId">The lease id.</param>
    /// <param name="Environment">The environment the key belongs to.</param>
    /// <param name="RemainingConcurrentCalls">Calls that may still start now in that environment (cf. Vapi).</param>
    public sealed record CallStartedResponse(Guid LeaseId, Guid Environment, int RemainingConcurrentCalls);

    /// <summary>Maps <c>POST /api/calls</c> and <c>DELETE /api/calls/{lease}</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapCallsApi(this IEndpointRouteBuilder app)
    {
        var calls = app.MapGroup("/api/calls");

        calls.MapPost("", async (StartCallRequest? request, HttpContext context, SettingsService settings, ICallGate gate, CancellationToken cancellationToken) =>
        {
            if (!TryAuthenticate(context, settings, out var key, out var refused)) return refused;
            var lease = request?.LeaseId is { } given && given != Guid.Empty ? new CallLeaseId(given) : CallLeaseId.New();
            // A lease id is always named, so that the hang-up (perhaps on another host) can end the call by it.
            var admission = await gate.TryAdmitAsync(key.Account, key.Environment, lease, cancellationToken);
            if (!admission.TryGetValue(out var admitted, out var refusal)) return Problems.For(refusal!);
            var headroom = await gate.GetHeadroomAsync(key.Account, key.Environment, cancellationToken);
            return TypedResults.Created($"/api/calls/{admitted.Id}", new CallStartedResponse(admitted.Id.Value, key.Environment.Value, headroom?.Remaining ?? 0));
        }).WithName("StartCall").Produces<CallStartedResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);

        calls.MapDelete("/{lease:guid}", async (Guid lease, HttpContext context, SettingsService settings, ICallGate gate, CancellationToken cancellationToken) =>
        {
            if (!TryAuthenticate(context, settings, out var key, out var refused)) return refused;
            if (lease == Guid.Empty) return Problems.Invalid("The lease id is not valid.");
            var released = await new CallLease(gate, key.Account, key.Environment, new CallLeaseId(lease)).ReleaseAsync(cancellationToken);
            return released
                ? TypedResults.NoContent()
                : Problems.Host(StatusCodes.Status404NotFound, "call.not_running", "No call of this environment runs under this lease: it ended before, or never started.");
        }).WithName("EndCall").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    // The key is read from the header and verified; it is never logged, echoed or put in a response.
    private static bool TryAuthenticate(HttpContext context, SettingsService settings, out VerifiedApiKey key, out IResult refused)
    {
        key = default;
        refused = TypedResults.Empty;
        var header = context.Request.Headers.Authorization.ToString();
        context.Response.Headers.WWWAuthenticate = "Bearer";
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            refused = Problems.Host(StatusCodes.Status401Unauthorized, "api_key.missing", "Send the environment's API key: Authorization: Bearer flk_….");
            return false;
        }

        if (settings.VerifyApiKey(header.AsSpan("Bearer ".Length).Trim()).TryGetValue(out key, out var error)) return true;
        refused = Problems.For(error);
        return false;
    }
}
