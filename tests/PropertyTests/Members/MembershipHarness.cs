using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.PropertyTests.Members;

/// <summary>
/// The account under test, plus what the operations handed out: the invitations' ids in creation order and
/// every token in issue order, so that steps generated from the model can name them by index.
/// </summary>
internal sealed class MembershipHarness
{
    private static readonly InvitationId Unknown = new(Guid.Parse("0196f000-0000-7000-8000-00000000dead"));

    public MembershipHarness(ulong seed)
    {
        Random = new SeededSecretGenerator(seed);
        Account = TestAccounts.Open(random: Random).Account;
    }

    public Account Account { get; }

    public SeededSecretGenerator Random { get; }

    public List<InvitationId> InvitationIds { get; } = [];

    public List<InvitationToken> Tokens { get; } = [];

    /// <summary>Every value an operation returned, for the secrecy property.</summary>
    public List<object> Results { get; } = [];

    public InvitationId IdOf(int invitation) => invitation < InvitationIds.Count ? InvitationIds[invitation] : Unknown;

    /// <summary>Token number <paramref name="token"/>, or a forged one for an index never issued.</summary>
    public InvitationToken TokenOf(int token) =>
        token >= 0 && token < Tokens.Count ? Tokens[token] : InvitationToken.FromPresented($"forged-token-{token}");

    public void Remember(object? result)
    {
        if (result is null) return;
        Results.Add(result);
        if (result is not IssuedInvitation issued) return;
        if (!InvitationIds.Contains(issued.Invitation)) InvitationIds.Add(issued.Invitation);
        Tokens.Add(issued.Token);
    }

    public override string ToString() => Account.ToString();
}
