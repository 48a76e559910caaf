using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Members;

namespace Fluents.Settings.UnitTests.Json;

/// <summary>
/// One account built the same way on every run (seeded secrets, fixed instants) by a session that records every kind of
/// event at least once (one of them by a system actor, billing), and ends with a snapshot that holds every kind of field: a hidden environment, a rotated key still
/// in its grace period, a non-ASCII name, a Member, and open (pending, renewed), accepted and revoked invitations.
/// The golden files are its snapshot and its events.
/// </summary>
public static class GoldenAccount
{
    public static readonly UserId Cy = new(Guid.Parse("0196f000-0000-7000-8000-0000000000c1"));
    public static readonly UserId Fay = new(Guid.Parse("0196f000-0000-7000-8000-0000000000c2"));
    public static readonly UserId Gus = new(Guid.Parse("0196f000-0000-7000-8000-0000000000c3"));

    public static (AccountSnapshot Snapshot, IReadOnlyList<DomainEvent> Events) Build()
    {
        var random = new SeededSecretGenerator(2026);
        var admin = TestAccounts.Admin;
        var now = TestAccounts.Now;
        Instant At(int minutes) => now + Duration.FromMinutes(minutes);

        var opened = TestAccounts.Open(40, random);                                                                       // account.opened
        var account = opened.Account;
        var production = opened.DefaultEnvironment;
        _ = account.EditEnvironment(admin, production, "Production", 20, At(1)).Value;                                   // environment.renamed, concurrency.allocation_changed
        var staging = account.CreateEnvironment(admin, "Staging", 10, At(2), random).Value.Environment;                  // environment.created
        var qa = account.CreateEnvironment(admin, "Zoë's QA", 5, At(3), random).Value.Environment;
        var scratch = account.CreateEnvironment(admin, "Scratch", 0, At(4), random).Value.Environment;
        _ = account.HideEnvironment(admin, qa, At(5)).Value;                                                              // environment.hidden
        _ = account.UnhideEnvironment(admin, qa, At(6)).Value;                                                            // environment.unhidden
        _ = account.HideEnvironment(admin, staging, At(7)).Value;
        _ = account.RotateApiKey(admin, production, Duration.FromDays(1), At(8), random).Value;                          // api_key.rotated
        _ = account.DeleteEnvironment(admin, scratch, "scratch", At(9)).Value;                                           // environment.deleted
        _ = account.ChangePlanLimit(SystemActor.Billing, 30, At(10)).Value;                                              // concurrency.plan_limit_changed (over-allocated), by a system actor (R29)
        _ = account.SetInvitationValidity(admin, Duration.FromHours(72) + Duration.FromMinutes(30), At(11)).Value;      // invitation.validity_changed

        var bea = account.Invite(admin, "bea@example.com", Role.Member, At(12), random).Value;                           // invitation.sent
        _ = account.ResendInvitation(admin, bea.Invitation, At(13), random).Value;                                       // invitation.resent
        var cy = account.Invite(admin, "cy@example.org", Role.Admin, At(14), random).Value;
        _ = account.AcceptInvitation(Cy, "Cy Admin", "cy@example.org", cy.Token, At(15)).Value;                         // invitation.accepted, member.joined
        _ = account.ChangeRole(admin, Cy, Role.Member, At(16)).Value;                                                    // member.role_changed
        var dee = account.Invite(admin, "dee@bücher.example", Role.Member, At(17), random).Value;
        _ = account.RevokeInvitation(admin, dee.Invitation, At(18)).Value;                                               // invitation.revoked
        var fay = account.Invite(admin, "fay@example.com", Role.Member, At(19), random).Value;
        _ = account.AcceptInvitation(Fay, "Fay Member", "fay@example.com", fay.Token, At(20)).Value;
        _ = account.RemoveMember(admin, Fay, At(21)).Value;                                                              // member.removed
        var gus = account.Invite(admin, "gus@example.com", Role.Member, At(22), random).Value;
        _ = account.AcceptInvitation(Gus, "Gus Member", "gus@example.com", gus.Token, At(23)).Value;
        _ = account.Leave(Gus, At(24)).Value;                                                                             // member.left
        var eve = account.Invite(admin, "eve@example.com", Role.Member, At(25), random).Value;
        _ = account.RenewInvitation(admin, eve.Invitation, eve.ExpiresAt + Duration.FromNanoseconds(1), random).Value;   // invitation.renewed
        _ = account.Reallocate(admin, new Dictionary<Fluents.Settings.Environments.EnvironmentId, int> { [production] = 15, [qa] = 5 }, eve.ExpiresAt + Duration.FromMinutes(1)).Value;

        return (account.ToSnapshot(), account.TakeEvents());
    }
}
