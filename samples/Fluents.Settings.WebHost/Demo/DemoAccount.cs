using Fluents.Settings.Accounts;
using Fluents.Settings.Application;
using Fluents.Settings.InMemory;
using Fluents.Settings.Members;

namespace Fluents.Settings.WebHost.Demo;

/// <summary>
/// The demo's account, opened at start with the product docs' example: a plan of 40 concurrent calls, production 20,
/// staging 10 and research 10; Ada Lovelace (Admin) and Grace Hopper (Member). Its id is fixed, so that a host restarted
/// on a database that kept it finds it again instead of opening another.
/// </summary>
public sealed class DemoAccount
{
    /// <summary>The configuration section (<c>Demo:SeedEnvironments</c>).</summary>
    public const string SectionName = "Demo";

    /// <summary>The demo account's id.</summary>
    public static readonly AccountId Id = new(Guid.Parse("0196f000-0000-7000-8000-00000000a000"));

    /// <summary>Ada Lovelace, the first Admin.</summary>
    public static readonly UserId Ada = new(Guid.Parse("0196f000-0000-7000-8000-0000000000a1"));

    /// <summary>Grace Hopper, a Member (she may look, and change nothing).</summary>
    public static readonly UserId Grace = new(Guid.Parse("0196f000-0000-7000-8000-0000000000a2"));

    /// <summary>Whether to create the docs' environments (production 20, staging 10, research 10); otherwise the account has
    /// only <c>default</c>, holding the whole plan, as a new account does (R7).</summary>
    public bool SeedEnvironments { get; set; } = true;
}

/// <summary>Opens the demo account when the host starts, unless it exists already.</summary>
internal sealed class DemoAccountSeeder(SettingsService settings, Api.AfterSaveFailures afterSave, IInvitationMailer mailer, Microsoft.Extensions.Options.IOptions<DemoAccount> options, ILogger<DemoAccountSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var opened = await afterSave.SavedAsync(settings.OpenAccountAsync(40, DemoAccount.Ada, "Ada Lovelace", "ada@example.com", DemoAccount.Id, cancellationToken));
        if (!opened.TryGetValue(out var account, out var error))
        {
            if (error is not AccountAlreadyExists) throw new InvalidOperationException($"The demo account could not be opened: {error.Code}");
            logger.LogInformation("Demo account {Account} found; not seeded again", DemoAccount.Id);
            return;
        }

        if (options.Value.SeedEnvironments)
        {
            Expect(await afterSave.SavedAsync(settings.EditEnvironmentAsync(DemoAccount.Id, DemoAccount.Ada, account.DefaultEnvironment, "production", 20, cancellationToken)));
            Expect(await afterSave.SavedAsync(settings.CreateEnvironmentAsync(DemoAccount.Id, DemoAccount.Ada, "staging", 10, cancellationToken)));
            Expect(await afterSave.SavedAsync(settings.CreateEnvironmentAsync(DemoAccount.Id, DemoAccount.Ada, "research", 10, cancellationToken)));
        }

        // A Member joins the way anyone does, through an invitation; its token is read from the in-memory mailer's outbox,
        // so a host with a real mailer seeds Ada alone.
        Expect(await afterSave.SavedAsync(settings.InviteAsync(DemoAccount.Id, DemoAccount.Ada, "grace@example.com", Role.Member, cancellationToken)));
        if (mailer is InMemoryInvitationMailer outbox && outbox.LastSentTo("grace@example.com") is { } mail)
            Expect(await afterSave.SavedAsync(settings.AcceptInvitationAsync(DemoAccount.Id, DemoAccount.Grace, "Grace Hopper", "grace@example.com", mail.Token.Reveal(), cancellationToken)));
        logger.LogInformation("Demo account {Account} opened", DemoAccount.Id);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Expect<T>(Outcome<T> outcome)
    {
        if (!outcome.Succeeded) throw new InvalidOperationException($"Seeding the demo account was refused: {outcome.Error.Code}");
    }
}
