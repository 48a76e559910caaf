namespace Fluents.Settings.Application;

/// <summary>
/// What a <see cref="SettingsService"/> use case returns: its success value, or why it failed, in one flat list of cases.
/// A failure is the aggregate's rule error, unchanged (for example <see cref="Environments.EnvironmentNameTaken"/>), or
/// the application's own: <see cref="AccountNotFound"/>, <see cref="ConflictAfterRetries"/> when other writers kept saving
/// first, or <see cref="AccountAlreadyExists"/> when opening an account.
/// </summary>
/// <typeparam name="TSuccess">The use case's success value.</typeparam>
/// <remarks>
/// <para>Each use case has its own sealed result type (<c>CreateEnvironmentResult</c>, <c>ViewResult&lt;TView&gt;</c>…)
/// whose <c>Match</c> and <c>Switch</c> name every case, the application's included, so the compiler checks that a host
/// handles them all. For the common path use <see cref="Outcome{TSuccess}.Value"/>,
/// <see cref="Outcome{TSuccess}.TryGetValue"/> and <see cref="Outcome{TSuccess}.Error"/>.</para>
/// </remarks>
/// <example>
/// <code>
/// var result = await settings.CreateEnvironmentAsync(accountId, adminId, "staging", 10);
/// if (result.TryGetValue(out var created, out var error)) return Results.Created($"/environments/{created.Environment}", new { apiKey = created.ApiKey.Reveal() });
/// return Results.Problem(title: error.Message, type: error.Code, statusCode: StatusOf(error));   // map by error.Code
///
/// // or every case by name:
/// var status = result.Match(
///     created: _ => 201, notPermitted: _ => 403, invalidName: _ => 400, nameTaken: _ => 409,
///     invalidLimit: _ => 400, exceedsPlan: _ => 422, accountNotFound: _ => 404, conflict: _ => 409);
/// </code>
/// </example>
public abstract class SettingsResult<TSuccess> : Outcome<TSuccess>
{
    private protected SettingsResult(TSuccess value)
        : base(value)
    {
    }

    private protected SettingsResult(DomainError error)
        : base(error)
    {
    }
}
