using Fluents.Settings.Accounts;
using Fluents.Settings.ApiKeys;
using Fluents.Settings.Application;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using OneOf.Types;

namespace Fluents.Settings.UnitTests.Application;

/// <summary>A port fails: the stored account and what the caller is told stay consistent; nothing is half done.</summary>
public class FailureInjectionTests
{
    [Fact]
    public async Task Save_RepositoryThrows_TheExceptionPropagatesAndNothingIsStoredIndexedMailedOrDispatched()
    {
        ThrowingOnSaveRepository? store = null;
        var harness = await ServiceHarness.OpenAsync(decorateRepository: inner => store = new ThrowingOnSaveRepository(inner));
        var staging = await harness.CreateEnvironmentAsync("staging");
        var before = harness.Stored;
        var events = harness.Events.Events.Count;
        var keys = harness.ApiKeys.Count;
        store!.Failing = true;

        var create = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Service.CreateEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "production", 0));
        var delete = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment, "staging"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member));
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment, Duration.Zero));

        Assert.Equal("The database is unavailable.", create.Message);
        Assert.Equal(create.Message, delete.Message);
        Assert.Equal(before, harness.Stored);
        Assert.Equal(events, harness.Events.Events.Count);
        Assert.Empty(harness.Outbox.Outbox);
        Assert.Equal(keys, harness.ApiKeys.Count);
        Assert.True(harness.Service.VerifyApiKey(staging.ApiKey.Reveal()).Succeeded); // not deleted, not rotated

        // Once the store is back, the same actions go through.
        store.Failing = false;
        _ = (await harness.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment, "staging")).Value;
        Assert.IsType<UnknownApiKey>(harness.Service.VerifyApiKey(staging.ApiKey.Reveal()).Error);
    }

    [Fact]
    public async Task OpenAccount_RepositoryThrowsOnAdd_NothingIsIndexedOrDispatched()
    {
        var harness = ServiceHarness.Create(decorateRepository: inner => new ThrowingOnAddRepository(inner));

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Service.OpenAccountAsync(10, ServiceHarness.Admin, "Ada", "ada@example.com", ServiceHarness.AccountId));

        Assert.Equal(0, harness.Store.Count);
        Assert.Equal(0, harness.ApiKeys.Count);
        Assert.Empty(harness.Events.Events);
    }

    [Fact]
    public async Task Invite_MailerThrows_TheInvitationIsSavedAndTheResultSaysNotDelivered()
    {
        SwitchableMailer? mailer = null;
        var harness = await ServiceHarness.OpenAsync(decorateMailer: inner => mailer = new SwitchableMailer(inner));
        mailer!.Failing = true;

        var result = await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member);

        // Not an exception and not a plain success: a saved invitation whose email did not go out.
        Assert.True(result.Succeeded);
        var dispatched = result.Value;
        Assert.False(dispatched.Delivered);
        Assert.Equal($"InvalidOperationException: {SwitchableMailer.FailureMessage}", dispatched.DeliveryFailure);
        Assert.Equal(1, mailer.Attempts);
        Assert.Empty(harness.Outbox.Outbox);
        var stored = Assert.Single(harness.Stored.Invitations);
        Assert.Equal((dispatched.Invitation, InvitationState.Open), (stored.Id, stored.State));
        Assert.Equal(1, harness.StoredVersion);
        Assert.Contains(harness.Events.Events, e => e is InvitationSent); // the change happened, so it is announced
        var row = Assert.Single((await harness.Service.ListPendingInvitationsAsync(ServiceHarness.AccountId, ServiceHarness.Admin)).Value);
        Assert.Equal((InvitationStatus.Pending, InvitationActions.Resend | InvitationActions.Revoke), (row.Status, row.Actions));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("quoted-printable")]
    [InlineData("wrapped")]
    public async Task Invite_MailerThrowsQuotingTheLink_TheResultKeepsTheExceptionTypeButNoPieceOfTheToken_R23(string encoding)
    {
        var mailer = new LinkQuotingMailer(encoding);
        var harness = await ServiceHarness.OpenAsync(decorateMailer: _ => mailer);
        mailer.Failing = true;

        var result = await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member);

        var dispatched = result.Value;
        var token = mailer.LastToken!;
        Assert.False(dispatched.Delivered);
        Assert.StartsWith($"{nameof(LinkQuotingMailer.SmtpLikeException)}: Could not deliver", dispatched.DeliveryFailure, StringComparison.Ordinal);
        Assert.Contains("[redacted]", dispatched.DeliveryFailure, StringComparison.Ordinal);
        Assert.Contains("bob@example.com", dispatched.DeliveryFailure, StringComparison.Ordinal); // the rest of the message is kept
        foreach (var text in new[] { dispatched.DeliveryFailure!, dispatched.ToString(), result.ToString()! })
        {
            for (var start = 0; start + 8 <= token.Length; start++)
                Assert.DoesNotContain(token.Substring(start, 8), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DeliveryFailures_MessageWithoutTheToken_IsKeptAsItIs()
    {
        const string token = "Vq3x9kLm2Np8Rt5Wy7Za1Bc4De6Fg0Hj-Ik_Lm3No5P";
        const string message = "421 4.7.0 Try again later, closing connection (mx.example.com)";

        Assert.Equal(message, DeliveryFailures.Scrub(message, token));
        Assert.Equal("see [redacted] and [redacted].", DeliveryFailures.Scrub($"see {token} and {token[10..30]}.", token));
    }

    [Fact]
    public async Task Resend_AfterAFailedDelivery_OnceMailWorks_DeliversALinkThatAccepts_R21()
    {
        SwitchableMailer? mailer = null;
        var harness = await ServiceHarness.OpenAsync(decorateMailer: inner => mailer = new SwitchableMailer(inner));
        mailer!.Failing = true;
        var invited = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member)).Value;
        mailer.Failing = false;

        var resent = (await harness.Service.ResendInvitationAsync(ServiceHarness.AccountId, ServiceHarness.Admin, invited.Invitation)).Value;

        Assert.True(resent.Delivered);
        Assert.Null(resent.DeliveryFailure);
        var mail = Assert.Single(harness.Outbox.Outbox);
        Assert.Equal((invited.Invitation, InvitationEmailKind.Resend), (mail.Invitation, mail.Kind));
        var bob = new UserId(Guid.NewGuid());
        _ = (await harness.Service.AcceptInvitationAsync(ServiceHarness.AccountId, bob, "Bob", "bob@example.com", mail.Token.Reveal())).Value;
        Assert.NotNull(harness.StoredMember(bob));
    }

    [Fact]
    public async Task Renew_MailerThrows_TheRenewalIsSavedAndTheResultSaysNotDelivered_R21()
    {
        SwitchableMailer? mailer = null;
        var harness = await ServiceHarness.OpenAsync(decorateMailer: inner => mailer = new SwitchableMailer(inner));
        var invited = (await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member)).Value;
        harness.Clock.Advance(Duration.FromDays(8));
        mailer!.Failing = true;

        var renewed = (await harness.Service.RenewInvitationAsync(ServiceHarness.AccountId, ServiceHarness.Admin, invited.Invitation)).Value;

        Assert.False(renewed.Delivered);
        Assert.Equal(renewed.ExpiresAt, Assert.Single(harness.Stored.Invitations).ExpiresAt);
        Assert.True(renewed.ExpiresAt > harness.Clock.GetCurrentInstant());
    }

    [Fact]
    public async Task EventHandlerThrows_AfterASave_TheExceptionSaysTheChangeWasSavedAndItIsStored()
    {
        var harness = await ServiceHarness.OpenAsync(handlers: [new ThrowingEventHandler<EnvironmentDeleted>()]);
        var staging = await harness.CreateEnvironmentAsync("staging");

        var failure = await Assert.ThrowsAsync<EventDispatchException>(
            () => harness.Service.DeleteEnvironmentAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment, "staging"));

        Assert.Equal(harness.StoredVersion, failure.SavedVersion);
        Assert.Equal(2, failure.SavedVersion);
        Assert.Contains("saved (version 2)", failure.Message, StringComparison.Ordinal);
        Assert.Equal(ThrowingEventHandler<EnvironmentDeleted>.FailureMessage, failure.InnerException?.Message);
        var failed = Assert.IsType<EnvironmentDeleted>(failure.FailedEvent);
        Assert.Equal(staging.Environment, failed.Environment);
        Assert.Equal(failed, Assert.Single(failure.Unhandled));
        Assert.Null(harness.StoredEnvironment(staging.Environment)); // the change is kept
        Assert.IsType<UnknownApiKey>(harness.Service.VerifyApiKey(staging.ApiKey.Reveal()).Error); // and the key is revoked
        Assert.Contains(harness.Events.Events, e => e is EnvironmentDeleted); // handlers before the failing one ran
    }

    [Fact]
    public async Task EventHandlerThrows_AfterARotation_TheOneTimeKeyIsInTheException()
    {
        var harness = await ServiceHarness.OpenAsync(handlers: [new ThrowingEventHandler<ApiKeyRotated>()]);
        var staging = await harness.CreateEnvironmentAsync("staging");

        var failure = await Assert.ThrowsAsync<EventDispatchException>(
            () => harness.Service.RotateApiKeyAsync(ServiceHarness.AccountId, ServiceHarness.Admin, staging.Environment, Duration.Zero));

        var rotated = Assert.IsType<RotateApiKeyResult>(failure.Result).Value;
        Assert.True(harness.Service.VerifyApiKey(rotated.ApiKey.Reveal()).Succeeded); // saved, indexed, and not lost
    }

    [Fact]
    public async Task EventHandlerThrows_OnTheFirstOfTwoEvents_BothAreListedAsUnhandled()
    {
        var harness = await ServiceHarness.OpenAsync(handlers: [new ThrowingEventHandler<InvitationAccepted>()]);
        await harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member);
        var bob = new UserId(Guid.NewGuid());

        var failure = await Assert.ThrowsAsync<EventDispatchException>(
            () => harness.Service.AcceptInvitationAsync(ServiceHarness.AccountId, bob, "Bob", "bob@example.com", harness.LastTokenSentTo("bob@example.com")));

        Assert.Equal([typeof(InvitationAccepted), typeof(MemberJoined)], failure.Unhandled.Select(e => e.GetType()));
        Assert.Equal(Role.Member, harness.StoredMember(bob)?.Role);
    }

    [Fact]
    public async Task Invite_MailerThrowsAndThenAHandlerThrows_TheInvitationIsStillSaved()
    {
        SwitchableMailer? mailer = null;
        var harness = await ServiceHarness.OpenAsync(
            decorateMailer: inner => mailer = new SwitchableMailer(inner),
            handlers: [new ThrowingEventHandler<InvitationSent>()]);
        mailer!.Failing = true;

        var failure = await Assert.ThrowsAsync<EventDispatchException>(
            () => harness.Service.InviteAsync(ServiceHarness.AccountId, ServiceHarness.Admin, "bob@example.com", Role.Member));

        Assert.Equal(1, failure.SavedVersion);
        Assert.Single(harness.Stored.Invitations);
    }
}

/// <summary>A store that refuses to add accounts by throwing.</summary>
internal sealed class ThrowingOnAddRepository(IAccountRepository inner) : RepositoryDecorator(inner)
{
    public override Task<OneOf.OneOf<Success, AccountAlreadyExists>> AddAsync(Account account, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The database is unavailable.");
}

/// <summary>A mailer whose exception quotes the email body, invite link included, as some SMTP clients do.</summary>
internal sealed class LinkQuotingMailer(string encoding) : IInvitationMailer
{
    public bool Failing { get; set; }

    public string? LastToken { get; private set; }

    public Task SendAsync(InvitationEmail email, CancellationToken cancellationToken = default)
    {
        LastToken = email.Token.Reveal();
        if (!Failing) return Task.CompletedTask;
        var link = $"https://app.example.com/invitations/{email.Invitation}/accept?token={LastToken}";
        var split = link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length + 20; // inside the token
        var body = encoding switch
        {
            "quoted-printable" => link[..split] + "=\r\n" + link[split..], // a soft line break
            "wrapped" => link[..(split + 9)] + "\n  " + link[(split + 9)..],
            _ => link,
        };
        throw new SmtpLikeException($"Could not deliver to {email.To}: 550 rejected message body '{body}'");
    }

    public sealed class SmtpLikeException(string message) : Exception(message);
}
