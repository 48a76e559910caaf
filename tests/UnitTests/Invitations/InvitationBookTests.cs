using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using static Fluents.Settings.Testing.TestParts;

namespace Fluents.Settings.UnitTests.Invitations;

/// <summary>
/// The class that keeps an account's invitations (<see cref="InvitationBook"/>): every invitation by id and the open
/// one of each email change together, and it is the home of R19 (one open invitation per email, none for a member,
/// <see cref="InvitationBook.OneOpenInvitationPerEmail"/>) and of the constant-time token scan (R22).
/// </summary>
public class InvitationBookTests
{
    private static MemberRoster Members => Roster(AMember(0, "ada@example.com", Role.Admin), AMember(1, "bob@example.com"));

    private static MemberRoster Roster(params Member[] members)
    {
        var roster = new MemberRoster();
        foreach (var member in members) roster.Add(member);
        return roster;
    }

    private static InvitationBook With(params Invitation[] invitations)
    {
        var book = new InvitationBook();
        foreach (var invitation in invitations) book.Add(invitation);
        return book;
    }

    [Fact]
    public void OneOpenInvitationPerEmail_AnEmailWithNoInvitation_MayBeInvited_R19()
    {
        var book = With(AnOpenInvitation(0, "cleo@example.org"));

        Assert.Null(book.OneOpenInvitationPerEmail(Email("dan@example.org"), Members));
    }

    [Fact]
    public void OneOpenInvitationPerEmail_AMembersEmail_IsAlreadyMember_R19()
    {
        var book = With();

        var refused = book.OneOpenInvitationPerEmail(Email("BOB@example.com"), Members);

        Assert.NotNull(refused);
        Assert.Equal(new AlreadyMember("bob@example.com"), refused.Value.AsT0);
    }

    [Fact]
    public void OneOpenInvitationPerEmail_AnEmailWithAnOpenInvitation_IsAlreadyOpenAndNamesIt_R19()
    {
        var book = With(AnOpenInvitation(0, "dan@example.org"), AnOpenInvitation(1, "cleo@example.org"));

        var refused = book.OneOpenInvitationPerEmail(Email(" Cleo@Example.org "), Members);

        Assert.NotNull(refused);
        Assert.Equal(new InvitationAlreadyOpen(InvitationNumber(1), "cleo@example.org"), refused.Value.AsT1);
    }

    [Theory]
    [InlineData(InvitationState.Revoked)]
    [InlineData(InvitationState.Accepted)]
    public void OneOpenInvitationPerEmail_AfterTheOpenInvitationIsClosed_MayBeInvitedAgain_R19(InvitationState state)
    {
        var invitation = AnOpenInvitation(0, "cleo@example.org");
        var book = With(invitation);

        book.Close(invitation, state, TestAccounts.Now, state == InvitationState.Accepted ? UserNumber(2) : null);

        Assert.Null(book.OneOpenInvitationPerEmail(invitation.Email, Members));
    }

    [Fact]
    public void Close_KeepsTheInvitationAndRecordsHowItEnded()
    {
        var invitation = AnOpenInvitation(0, "cleo@example.org");
        var later = TestAccounts.Now + Duration.FromHours(2);
        var book = With(invitation, AnOpenInvitation(1, "dan@example.org"));

        book.Close(invitation, InvitationState.Accepted, later, UserNumber(2));

        Assert.Same(invitation, book.Find(invitation.Id));
        Assert.Equal(2, book.Count);
        Assert.Equal(InvitationState.Accepted, invitation.State);
        Assert.Equal(later, invitation.ClosedAt);
        Assert.Equal(UserNumber(2), invitation.AcceptedBy);
        Assert.Equal([InvitationNumber(1)], book.Open.Select(i => i.Id));
    }

    [Fact]
    public void Add_AClosedInvitation_IsKeptButNotOpen_R19()
    {
        var closed = new Invitation(
            InvitationNumber(0), Email("cleo@example.org"), Role.Member, TestAccounts.Admin, PersonName.Create(TestAccounts.AdminName).AsT0,
            TestAccounts.Now, TestAccounts.Now + Duration.FromDays(7), TokenHash(0), InvitationState.Revoked, TestAccounts.Now, null);
        var book = With(closed);

        Assert.True(book.Contains(closed.Id));
        Assert.True(book.TryGet(closed.Id, out _));
        Assert.Empty(book.Open);
        Assert.Null(book.OneOpenInvitationPerEmail(closed.Email, Members));
    }

    [Fact]
    public void FindByToken_FindsTheInvitationOfTheHashOpenOrClosed_R22()
    {
        var open = AnOpenInvitation(0, "cleo@example.org");
        var closed = AnOpenInvitation(1, "dan@example.org");
        var book = With(open, closed);
        book.Close(closed, InvitationState.Revoked, TestAccounts.Now, null);

        Assert.Same(open, book.FindByToken(TokenHash(0)));
        Assert.Same(closed, book.FindByToken(TokenHash(1)));
        Assert.Null(book.FindByToken(TokenHash(2)));
    }
}
