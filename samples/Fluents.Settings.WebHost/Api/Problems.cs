using System.Collections.Frozen;
using Fluents.Settings.Concurrency;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fluents.Settings.WebHost.Api;

/// <summary>
/// Refusals as RFC 9457 problem details: the status from the README's error table, the library's message as
/// <c>detail</c>, and its stable code in the <c>code</c> member, with the numbers a client needs beside it.
/// </summary>
public static class Problems
{
    // The README's "Error codes" table, one line each; where it suggests two statuses, the first.
    private static readonly FrozenDictionary<string, int> StatusByCode = new Dictionary<string, int>
    {
        ["account.not_permitted"] = 403,
        ["audit.invalid_cursor"] = 400,
        ["account.not_found"] = 404,
        ["account.already_exists"] = 409,
        ["account.conflict"] = 409,
        ["account.conflict_after_retries"] = 409,
        ["account.invalid_snapshot"] = 500,
        ["json.invalid_event"] = 500,
        ["json.unsupported_schema_version"] = 500,
        ["environment.name_invalid"] = 400,
        ["environment.name_taken"] = 409,
        ["environment.not_found"] = 404,
        ["environment.last_visible"] = 409,
        ["environment.delete_not_confirmed"] = 400,
        ["concurrency.invalid_limit"] = 400,
        ["concurrency.exceeds_plan"] = 422,
        ["concurrency.reallocation_exceeds_plan"] = 422,
        ["concurrency.stale_proposal"] = 409,
        ["api_key.invalid_grace_period"] = 400,
        ["api_key.malformed"] = 401,
        ["api_key.checksum_mismatch"] = 401,
        ["api_key.unknown"] = 401,
        ["api_key.expired"] = 401,
        ["member.name_invalid"] = 400,
        ["member.not_found"] = 404,
        ["member.already_member"] = 409,
        ["member.last_admin"] = 409,
        ["member.own_role"] = 409,
        ["email.invalid"] = 400,
        ["invitation.not_found"] = 404,
        ["invitation.already_open"] = 409,
        ["invitation.renew_unavailable"] = 409,
        ["invitation.resend_unavailable"] = 409,
        ["invitation.revoke_unavailable"] = 409,
        ["invitation.token_mismatch"] = 404,
        ["invitation.email_mismatch"] = 403,
        ["invitation.expired"] = 410,
        ["invitation.revoked"] = 410,
        ["invitation.already_accepted"] = 409,
        ["invitation.invalid_validity"] = 400,
        // The call gate's refusals (README, "Enforcing Max Concurrent Calls").
        ["concurrency.environment_at_capacity"] = 429,
        ["concurrency.plan_at_capacity"] = 429,
        ["concurrency.unknown_environment"] = 404,
        ["concurrency.environment_deleted"] = 404,
        ["concurrency.gate_unavailable"] = 503,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The codes this host maps, for the tests that hold the table to the README's.</summary>
    public static IReadOnlyCollection<string> MappedCodes => StatusByCode.Keys;

    /// <summary>The HTTP status of a library error code: the README's table; 500 for a code it does not know.</summary>
    /// <param name="code">A <see cref="DomainError.Code"/> or call refusal code.</param>
    /// <returns>The status.</returns>
    public static int StatusOf(string code) => StatusByCode.GetValueOrDefault(code, StatusCodes.Status500InternalServerError);

    /// <summary>A refusal of the library as problem details.</summary>
    /// <param name="error">The refusal.</param>
    /// <returns>The response.</returns>
    public static ProblemHttpResult For(DomainError error)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        switch (error)
        {
            case Concurrency.AllocationExceedsPlan exceeds:
                extensions["requested"] = exceeds.Requested;
                extensions["allowed"] = exceeds.Allowed;
                extensions["unallocated"] = exceeds.Unallocated;
                extensions["planLimit"] = exceeds.PlanLimit;
                break;
            case Concurrency.ReallocationExceedsPlan reallocation:
                extensions["requestedTotal"] = reallocation.RequestedTotal;
                extensions["planLimit"] = reallocation.PlanLimit;
                break;
        }
        return TypedResults.Problem(detail: error.Message, statusCode: StatusOf(error.Code), extensions: extensions);
    }

    /// <summary>A call the gate refused: 429 with <c>remainingConcurrentCalls</c> (cf. Vapi), 404 for an unknown or
    /// deleted environment, 503 when the gate's store did not answer.</summary>
    /// <param name="refusal">The gate's refusal.</param>
    /// <returns>The response.</returns>
    public static ProblemHttpResult For(ICallRefusal refusal) =>
        TypedResults.Problem(detail: refusal.Message, statusCode: StatusOf(refusal.Code), extensions: new Dictionary<string, object?>
        {
            ["code"] = refusal.Code,
            ["remainingConcurrentCalls"] = refusal.Headroom.Remaining,
            ["environmentInFlight"] = refusal.Headroom.EnvironmentInFlight,
            ["environmentLimit"] = refusal.Headroom.EnvironmentLimit,
            ["planInFlight"] = refusal.Headroom.PlanInFlight,
            ["planLimit"] = refusal.Headroom.PlanLimit,
        });

    /// <summary>A refusal of this host's own (a malformed request, no such call), with a code of its own.</summary>
    /// <param name="status">The status.</param>
    /// <param name="code">The host's code, e.g. <c>request.invalid</c>.</param>
    /// <param name="detail">What was wrong, without any value the client sent.</param>
    /// <returns>The response.</returns>
    public static ProblemHttpResult Host(int status, string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>A request this host could not read: 400 with code <c>request.invalid</c>.</summary>
    /// <param name="detail">What was wrong.</param>
    /// <returns>The response.</returns>
    public static ProblemHttpResult Invalid(string detail) => Host(StatusCodes.Status400BadRequest, "request.invalid", detail);
}
