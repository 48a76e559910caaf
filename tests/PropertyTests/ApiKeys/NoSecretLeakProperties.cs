using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Audit;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Environments;
using Fluents.Settings.InMemory;
using Fluents.Settings.Invitations;
using Fluents.Settings.Json;
using Fluents.Settings.Members;
using Xunit.Abstractions;

namespace Fluents.Settings.PropertyTests.ApiKeys;

/// <summary>Who acts in a step: mostly the Admin, so that most steps succeed and issue secrets.</summary>
public enum Actor
{
    Admin,
    Member,
    Stranger,
}

/// <summary>One thing done to the account; indexes pick among what exists at that moment (out of range = unknown id).</summary>
public abstract record AccountStep;

public sealed record CreateEnvironmentStep(Actor Actor, string Name, int MaxConcurrentCalls) : AccountStep;

public sealed record RotateApiKeyStep(Actor Actor, int Environment, Duration GracePeriod) : AccountStep;

public sealed record DeleteEnvironmentStep(Actor Actor, int Environment, bool ConfirmWithTheRightName) : AccountStep;

public sealed record HideEnvironmentStep(Actor Actor, int Environment, bool Hide) : AccountStep;

public sealed record InviteStep(Actor Actor, string Email, Role Role) : AccountStep;

public sealed record ResendInvitationStep(Actor Actor, int Invitation) : AccountStep;

public sealed record RenewInvitationStep(Actor Actor, int Invitation) : AccountStep;

public sealed record RevokeInvitationStep(Actor Actor, int Invitation) : AccountStep;

/// <summary>Someone presents an invitation's latest token, an older one (replaced by a resend or renew), or text that is no token.</summary>
public sealed record AcceptInvitationStep(int Invitation, int TokenAge, bool WithTheInvitedEmail) : AccountStep;

public sealed record TimePassesStep(Duration Elapsed) : AccountStep;

/// <summary>The plan changes, by the Admin or by billing acting as itself (R12, R29).</summary>
public sealed record ChangePlanStep(bool ByBilling, int PlanLimit) : AccountStep;

/// <summary>A generated account history: the seed of its secrets, its plan, and the steps after opening.</summary>
public sealed record AccountHistory(ulong Seed, int PlanLimit, AccountStep[] Steps)
{
    public override string ToString() => $"seed {Seed}, plan {PlanLimit}, {Steps.Length} steps:\n  {string.Join("\n  ", Steps.AsEnumerable())}";
}

public static class AccountHistoryArbitraries
{
    private static readonly Duration SevenDays = Duration.FromDays(7);

    private static Gen<Actor> Actors => Gen.Frequency((8, Gen.Constant(Actor.Admin)), (1, Gen.Constant(Actor.Member)), (1, Gen.Constant(Actor.Stranger)));

    /// <summary>Mostly 0: a new account's <c>default</c> holds the whole plan (R7), so only 0 fits until capacity is freed (R10).</summary>
    private static Gen<int> Limits => Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(1, 12)));

    private static Gen<int> Picks => Gen.Frequency((9, Gen.Choose(0, 12)), (1, Gen.Constant(-1)));

    /// <summary>Names that collide ignoring case or after trimming, and two invalid ones (R2).</summary>
    private static Gen<string> Names => Gen.Elements("staging", "Staging", "production", "qa", " qa ", "eu-west", "default", "", new string('n', 65));

    /// <summary>Addresses that are equal once normalized, a member's, an IDN one and an invalid one (R18).</summary>
    private static Gen<string> Emails => Gen.Elements("bea@example.com", " Bea@Example.COM", "cy@example.org", "dee@bücher.example", "ada@example.com", "mo@example.com", "not-an-email");

    /// <summary>Grace periods at and just past both bounds, and anywhere between (R26).</summary>
    private static Gen<Duration> GracePeriods => Gen.Frequency(
        (2, Gen.Constant(Duration.Zero)),
        (1, Gen.Constant(SevenDays)),
        (4, Gen.Choose(1, 7 * 24 * 60).Select(minutes => Duration.FromMinutes(minutes))),
        (1, Gen.Elements(-Duration.Epsilon, SevenDays + Duration.Epsilon, -Duration.FromHours(1), Duration.FromDays(30))));

    private static Gen<AccountStep> Steps => Gen.Frequency(
        (4, from actor in Actors from name in Names from calls in Limits select (AccountStep)new CreateEnvironmentStep(actor, name, calls)),
        (5, from actor in Actors from environment in Picks from grace in GracePeriods select (AccountStep)new RotateApiKeyStep(actor, environment, grace)),
        (2, from actor in Actors from environment in Picks from confirm in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false))) select (AccountStep)new DeleteEnvironmentStep(actor, environment, confirm)),
        (1, from actor in Actors from environment in Picks from hide in Gen.Elements(true, false) select (AccountStep)new HideEnvironmentStep(actor, environment, hide)),
        (3, from actor in Actors from email in Emails from role in Gen.Elements(Role.Admin, Role.Member) select (AccountStep)new InviteStep(actor, email, role)),
        (2, from actor in Actors from invitation in Picks select (AccountStep)new ResendInvitationStep(actor, invitation)),
        (2, from actor in Actors from invitation in Picks select (AccountStep)new RenewInvitationStep(actor, invitation)),
        (1, from actor in Actors from invitation in Picks select (AccountStep)new RevokeInvitationStep(actor, invitation)),
        (2, from invitation in Picks from age in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(-1))) from right in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false))) select (AccountStep)new AcceptInvitationStep(invitation, age, right)),
        (1, from byBilling in Gen.Elements(true, false) from plan in Gen.Elements(0, 10, 40, 60) select (AccountStep)new ChangePlanStep(byBilling, plan)),
        (3, Gen.Frequency(
            (3, Gen.Choose(1, 24 * 60).Select(minutes => Duration.FromMinutes(minutes))),
            (2, Gen.Choose(1, 10).Select(days => Duration.FromDays(days))),
            (1, Gen.Constant(Duration.Epsilon))).Select(elapsed => (AccountStep)new TimePassesStep(elapsed))));

    public static Arbitrary<AccountHistory> Histories() =>
        (from seed in Gen.Choose(0, int.MaxValue)
         from plan in Gen.Elements(0, 1, 10, 40)
         from steps in Gen.Sized(size => Gen.Choose(size / 2, Math.Max(1, size)).SelectMany(count => Steps.ArrayOf(count)))
         select new AccountHistory((ulong)seed * 0x9E3779B97F4A7C15UL, plan, steps)).ToArbitrary();
}

/// <summary>
/// DESIGN.md §1: secrets leave the core exactly once, in the result of the operation that created them.
/// For a generated account history, everything the core renders — every <c>ToString()</c>, every result,
/// every refusal (code and message), every event (also in the JSON format), the tables, the verifier's answers, the
/// snapshot as records and as JSON (a reflection serializer's and the library's own <see cref="SettingsJson"/>) — is
/// collected, and every API key and invitation token ever issued is searched for in it. One hit fails the case.
/// </summary>
[Properties(Arbitrary = [typeof(AccountHistoryArbitraries)], MaxTest = Cases, StartSize = 10, EndSize = 80)]
public class NoSecretLeakProperties(ITestOutputHelper output)
{
    private const int Cases = 200;

    private int _cases;
    private long _keysSearched;
    private long _tokensSearched;

    [Property]
    public Property Nothing_rendered_contains_an_issued_key_or_token(AccountHistory history)
    {
        var run = new AccountHistoryRun(history);
        run.Play();
        var rendered = run.RenderEverything();

        var leaks = run.Keys.SelectMany(key => SecretLeak.Find(rendered, "API key", key.Reveal(), ApiKeyBody(key)))
            .Concat(run.Tokens.SelectMany(token => SecretLeak.Find(rendered, "invitation token", token.Reveal())))
            .ToArray();

        ReportProgress(run.Keys.Count, run.Tokens.Count);
        return (leaks.Length == 0).Label(leaks.Length == 0 ? "no leak" : string.Join("\n", leaks))
            .Label($"{run.Keys.Count} keys and {run.Tokens.Count} tokens searched in {rendered.Length:N0} characters ({run.Refusals} refusals among the steps)")
            .Classify(run.Keys.Count == 1, "keys searched: 1 (only default's)")
            .Classify(run.Keys.Count is >= 2 and < 5, "keys searched: 2-4")
            .Classify(run.Keys.Count is >= 5 and < 10, "keys searched: 5-9")
            .Classify(run.Keys.Count >= 10, "keys searched: 10+")
            .Classify(run.Tokens.Count == 1, "tokens searched: 1 (only the Member's)")
            .Classify(run.Tokens.Count is >= 2 and < 5, "tokens searched: 2-4")
            .Classify(run.Tokens.Count >= 5, "tokens searched: 5+")
            .Classify(run.DeletedEnvironments > 0, "with a deleted environment")
            .Classify(run.RenewedOrResent > 0, "with a replaced invitation token");
    }

    [Fact]
    public void Search_PlantedKeyOrToken_IsFound()
    {
        // The property above is only as good as its search: a secret planted in the rendering is found.
        var run = new AccountHistoryRun(new AccountHistory(7, 10, [new InviteStep(Actor.Admin, "bea@example.com", Role.Member)]));
        run.Play();
        var key = run.Keys[0];
        var token = run.Tokens[^1];
        var rendered = run.RenderEverything();

        Assert.Contains(key.Hint.Masked, rendered, StringComparison.Ordinal); // the rendering is not empty: it shows the masked key,
        Assert.Contains(nameof(InvitationSent), rendered, StringComparison.Ordinal); // the events
        Assert.Contains("\"Sha256\":\"" + key.Hash.ToHex(), rendered, StringComparison.Ordinal); // the snapshot's JSON
        Assert.Contains("\"sha256\":\"" + key.Hash.ToHex(), rendered, StringComparison.Ordinal); // and SettingsJson's
        Assert.Contains("{\"type\":\"invitation.sent\",", rendered, StringComparison.Ordinal);
        Assert.Contains("Ada Admin invited bea@example.com as Member", rendered, StringComparison.Ordinal); // the audit trail's summaries
        Assert.Empty(SecretLeak.Find(rendered, "API key", key.Reveal(), ApiKeyBody(key)));
        Assert.Empty(SecretLeak.Find(rendered, "invitation token", token.Reveal()));
        Assert.NotEmpty(SecretLeak.Find(rendered + "Bearer " + key.Reveal(), "API key", key.Reveal()));
        Assert.NotEmpty(SecretLeak.Find(rendered + ApiKeyBody(key), "API key", key.Reveal(), ApiKeyBody(key)));
        Assert.NotEmpty(SecretLeak.Find(rendered + "?token=" + token.Reveal(), "invitation token", token.Reveal()));
    }

    /// <summary>The 22 random base62 digits between the prefix and the checksum: a leak without the prefix still counts.</summary>
    private static string ApiKeyBody(ApiKey key) => key.Reveal()[ApiKeyFormat.Prefix.Length..^6];

    // FsCheck runs the property once per case on this instance; the sample size is written once, after the last case.
    private void ReportProgress(int keys, int tokens)
    {
        _keysSearched += keys;
        _tokensSearched += tokens;
        if (++_cases == Cases)
            output.WriteLine($"{_cases} account histories: searched {_keysSearched:N0} API keys and {_tokensSearched:N0} invitation tokens ({_keysSearched + _tokensSearched:N0} secrets).");
    }
}

internal static class SecretLeak
{
    public static IEnumerable<string> Find(string rendered, string kind, params string[] needles)
    {
        foreach (var needle in needles)
        {
            var at = rendered.IndexOf(needle, StringComparison.Ordinal);
            if (at >= 0)
                yield return $"{kind} '{needle}' found at {at}: …{rendered.Substring(Math.Max(0, at - 80), Math.Min(160 + needle.Length, rendered.Length - Math.Max(0, at - 80)))}…";
        }
    }
}

/// <summary>Plays an <see cref="AccountHistory"/> and keeps every secret issued and everything rendered on the way.</summary>
internal sealed class AccountHistoryRun(AccountHistory history)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }; // nothing escaped away from the search

    private static readonly UserId MemberUser = new(Guid.Parse("0196f000-0000-7000-8000-0000000000b1"));
    private const string MemberEmail = "mo@example.com";

    private readonly SeededSecretGenerator _random = new(history.Seed);
    private readonly StringBuilder _rendered = new();
    private readonly List<InvitationId> _invitations = [];
    private readonly Dictionary<InvitationId, List<InvitationToken>> _tokensByInvitation = [];
    private Account _account = null!;
    private Instant _now = TestAccounts.Now;
    private int _joiners;
    private bool _playing = true;

    /// <summary>The account the history built (after <see cref="Play"/>; its pending events are every event of the history).</summary>
    public Account PlayedAccount => _account;

    public List<ApiKey> Keys { get; } = [];

    public List<InvitationToken> Tokens { get; } = [];

    public int DeletedEnvironments { get; private set; }

    public int RenewedOrResent { get; private set; }

    public int Refusals { get; private set; }

    public void Play()
    {
        var opened = TestAccounts.Open(history.PlanLimit, _random);
        _account = opened.Account;
        Keys.Add(opened.DefaultEnvironmentKey);
        Render(opened);

        // A Member to act as, so that refusals of the Member role are generated too (R15).
        var invited = Issued(_account.Invite(TestAccounts.Admin, MemberEmail, Role.Member, _now, _random));
        Render(_account.AcceptInvitation(MemberUser, "Mo Member", MemberEmail, invited!.Token, _now));

        foreach (var step in history.Steps) Apply(step);
        _playing = false;
    }

    public string RenderEverything()
    {
        var admin = TestAccounts.Admin;
        Render(_account);
        Render(_account.Allocation);
        foreach (var environment in _account.Environments)
        {
            Render(environment);
            Render(environment.Name);
            Render(environment.ApiKeyHint);
        }
        foreach (var member in _account.Members) Render(member);
        foreach (var invitation in _account.Invitations) Render(invitation);

        Render(_account.ViewEnvironments(admin));
        foreach (var row in _account.ViewEnvironments(admin).Value.Rows) Render(row);
        RenderAll(_account.ViewEnvironmentSelector(admin).Value);
        RenderAll(_account.ViewUsers(admin).Value);
        RenderAll(_account.ViewPendingInvitations(admin, _now).Value);
        Render(_account.ViewEnvironments(TestAccounts.Stranger));

        foreach (var domainEvent in _account.TakeEvents())
        {
            Render(domainEvent);
            _rendered.AppendLine(SettingsJson.Serialize(domainEvent)); // the library's own format, as an outbox stores it
            var entry = AuditEntry.Of(domainEvent);                     // and as the audit trail shows it (R28)
            Render(entry);
            _rendered.AppendLine(entry.Summary);
        }

        // What the verifier says about every key ever issued, now and once every grace period is over.
        var index = new InMemoryApiKeyIndex();
        index.ReplaceAccountKeys(_account.Id, _account.Version, _account.ApiKeyIndexEntries());
        RenderAll(_account.ApiKeyIndexEntries());
        var verifier = new ApiKeyVerifier(index);
        foreach (var key in Keys)
        {
            Render(verifier.Verify(key.Reveal(), _now));
            Render(verifier.Verify(key.Reveal(), _now + Duration.FromDays(8)));
            Render(key);
            Render(key.Hint);
            Render(key.Hash);
        }
        foreach (var token in Tokens)
        {
            Render(token);
            Render(token.Hash);
        }

        var snapshot = _account.ToSnapshot();
        Render(snapshot);
        _rendered.AppendLine(SettingsJson.Serialize(snapshot)); // as a repository stores it
        foreach (var environment in snapshot.Environments)
        {
            Render(environment);
            Render(environment.ApiKey);
            if (environment.PreviousApiKey is { } previous) Render(previous);
        }
        RenderAll(snapshot.Members);
        RenderAll(snapshot.Invitations);
        var loaded = Account.FromSnapshot(snapshot);
        Render(loaded);
        Render(loaded.Value.ToSnapshot());

        return _rendered.ToString();
    }

    private void Apply(AccountStep step)
    {
        Render(step); // the steps themselves hold no secret; rendering them keeps the transcript readable
        switch (step)
        {
            case CreateEnvironmentStep s:
                var created = _account.CreateEnvironment(ActorOf(s.Actor), s.Name, s.MaxConcurrentCalls, _now, _random);
                if (created.TryGetValue(out var environment, out _)) Keys.Add(environment.ApiKey);
                Render(created);
                break;
            case RotateApiKeyStep s:
                var rotated = _account.RotateApiKey(ActorOf(s.Actor), EnvironmentAt(s.Environment), s.GracePeriod, _now, _random);
                if (rotated.TryGetValue(out var rotation, out _)) Keys.Add(rotation.ApiKey);
                Render(rotated);
                break;
            case DeleteEnvironmentStep s:
                var target = EnvironmentAt(s.Environment);
                var name = _account.FindEnvironment(target)?.Name.Value ?? "missing";
                var deleted = _account.DeleteEnvironment(ActorOf(s.Actor), target, s.ConfirmWithTheRightName ? name.ToUpperInvariant() : name + "?", _now);
                if (deleted.Succeeded) DeletedEnvironments++;
                Render(deleted);
                break;
            case HideEnvironmentStep s:
                if (s.Hide) Render(_account.HideEnvironment(ActorOf(s.Actor), EnvironmentAt(s.Environment), _now));
                else Render(_account.UnhideEnvironment(ActorOf(s.Actor), EnvironmentAt(s.Environment), _now));
                break;
            case InviteStep s:
                Issued(_account.Invite(ActorOf(s.Actor), s.Email, s.Role, _now, _random));
                break;
            case ResendInvitationStep s:
                if (Issued(_account.ResendInvitation(ActorOf(s.Actor), InvitationAt(s.Invitation), _now, _random)) is not null) RenewedOrResent++;
                break;
            case RenewInvitationStep s:
                if (Issued(_account.RenewInvitation(ActorOf(s.Actor), InvitationAt(s.Invitation), _now, _random)) is not null) RenewedOrResent++;
                break;
            case RevokeInvitationStep s:
                Render(_account.RevokeInvitation(ActorOf(s.Actor), InvitationAt(s.Invitation), _now));
                break;
            case AcceptInvitationStep s:
                Accept(s);
                break;
            case TimePassesStep s:
                _now += s.Elapsed;
                break;
            case ChangePlanStep s:
                Render(s.ByBilling ? _account.ChangePlanLimit(SystemActor.Billing, s.PlanLimit, _now) : _account.ChangePlanLimit(TestAccounts.Admin, s.PlanLimit, _now));
                break;
        }
    }

    private void Accept(AcceptInvitationStep s)
    {
        var invitation = InvitationAt(s.Invitation);
        var tokens = _tokensByInvitation.GetValueOrDefault(invitation) ?? [];
        var token = s.TokenAge >= 0 && s.TokenAge < tokens.Count
            ? tokens[^(s.TokenAge + 1)]
            : InvitationToken.FromPresented("not-a-token-" + s.Invitation);
        var email = s.WithTheInvitedEmail ? _account.FindInvitation(invitation)?.Email.Value ?? "nobody@example.com" : "someone.else@example.com";
        var user = new UserId(new Guid(0x0196f000, 0, 0x7000, 0x80, 0, 0, 0, 0, 0, 0x0c, (byte)++_joiners));
        Render(_account.AcceptInvitation(user, "New Joiner", email, token, _now));
    }

    // Every issued token is kept for the search; the result, success or refusal, is rendered.
    private IssuedInvitation? Issued(Outcome<IssuedInvitation> result)
    {
        Render(result);
        if (!result.TryGetValue(out var issued, out _)) return null;
        Tokens.Add(issued.Token);
        if (!_tokensByInvitation.TryGetValue(issued.Invitation, out var tokens))
        {
            _tokensByInvitation[issued.Invitation] = tokens = [];
            _invitations.Add(issued.Invitation);
        }
        tokens.Add(issued.Token);
        return issued;
    }

    private UserId ActorOf(Actor actor) => actor switch
    {
        Actor.Admin => TestAccounts.Admin,
        Actor.Member => MemberUser,
        _ => TestAccounts.Stranger,
    };

    private EnvironmentId EnvironmentAt(int pick)
    {
        var environments = _account.Environments.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id.Value).ToArray();
        return pick >= 0 ? environments[pick % environments.Length].Id : new EnvironmentId(Guid.Parse("0196f000-0000-7000-8000-00000000dead"));
    }

    private InvitationId InvitationAt(int pick) =>
        pick >= 0 && _invitations.Count > 0 ? _invitations[pick % _invitations.Count] : new InvitationId(Guid.Parse("0196f000-0000-7000-8000-00000000beef"));

    private void RenderAll<T>(IEnumerable<T> values)
    {
        foreach (var value in values) Render(value);
    }

    /// <summary>Appends an operation's outcome: its own text, then its success value or its refusal as below.</summary>
    private void Render<T>(Outcome<T> outcome)
    {
        _rendered.AppendLine(outcome.ToString());
        Render(outcome.TryGetValue(out var value, out var refusal) ? value : (object)refusal);
    }

    /// <summary>Appends a key verification: its own text, then the verified key or the refusal as below.</summary>
    private void Render(ApiKeyVerification verification)
    {
        _rendered.AppendLine(verification.ToString());
        Render(verification.TryGetValue(out var verified, out var refusal) ? verified : (object)refusal);
    }

    /// <summary>Appends the value's text; for an error its code and message too; and its JSON, as a host that serializes it would write it.</summary>
    private void Render(object? value)
    {
        if (value is null) return;
        _rendered.AppendLine(value.ToString());
        if (value is DomainError error)
        {
            if (_playing) Refusals++;
            _rendered.AppendLine(error.Code).AppendLine(error.Message);
        }
        // Account, OpenedAccount and ConcurrencyAllocation are not plain data (a dictionary keyed by EnvironmentId).
        if (value is not (Account or OpenedAccount or Fluents.Settings.Concurrency.ConcurrencyAllocation or AccountStep))
            _rendered.AppendLine(JsonSerializer.Serialize(value, value.GetType(), Json));
    }
}
