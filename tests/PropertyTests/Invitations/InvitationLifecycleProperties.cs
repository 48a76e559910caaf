using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fluents.Settings.Accounts;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;
using Fluents.Settings.Secrets;

namespace Fluents.Settings.PropertyTests.Invitations;

/// <summary>Laws of an invitation's life: status by the clock (R20), renewal (R21), single-use tokens (R22).</summary>
public class InvitationLifecycleProperties
{
    private const string Invitee = "bob@example.com";
    private static readonly Duration Tick = Duration.FromTicks(1);
    private static readonly UserId Ada = TestAccounts.Admin;
    private static readonly Instant Start = TestAccounts.Now;

    /// <summary>Allowed validities, the limits (1 hour, 30 days) and the default among them.</summary>
    private static readonly Gen<Duration> Validity =
        Gen.Frequency(
            (2, Gen.Elements(InvitationPolicy.MinimumValidity, InvitationPolicy.DefaultValidity, InvitationPolicy.MaximumValidity)),
            (3, Gen.Choose(61, 30 * 24 * 60 - 1).Select(minutes => Duration.FromMinutes(minutes))));

    /// <summary>An offset from an expiry: exactly on it, one tick either side, or anywhere from the validity before to days after.</summary>
    private static Gen<Duration> AroundExpiry(Duration validity) =>
        Gen.Frequency(
            (3, Gen.Constant(Duration.Zero)),
            (2, Gen.Elements(-Tick, Tick)),
            (5, Gen.Choose(-(int)validity.TotalMinutes, 3 * 24 * 60).Select(minutes => Duration.FromMinutes(minutes))));

    private static (Account Account, SeededSecretGenerator Random, IssuedInvitation Issued) Invited(ulong seed, Duration validity)
    {
        var random = new SeededSecretGenerator(seed);
        var account = TestAccounts.Open(random: random).Account;
        _ = account.SetInvitationValidity(Ada, validity, Start).Value;
        var issued = account.Invite(Ada, Invitee, Role.Member, Start, random).Value;
        return (account, random, issued);
    }

    /// <summary>What else happens to the account at a probed instant, none of them a renewal.</summary>
    private enum Meanwhile
    {
        Nothing,
        Resend,
        ChangeValidity,
        InviteSomeoneElse,
        AcceptWithForgedToken,
        AcceptAsSomeoneElse,
        ViewTable,
    }

    [Property(MaxTest = 300)]
    public Property Status_PendingBeforeExpiresAtExpiredFromItAndNeverBackExceptByRenew_R20_R21()
    {
        var scenarios =
            from seed in Gen.Choose(1, 100_000).Select(n => (ulong)n)
            from validity in Validity
            from laterValidity in Validity
            from probes in Gen.NonEmptyListOf(
                from offset in AroundExpiry(validity)
                from meanwhile in Gen.Elements(Enum.GetValues<Meanwhile>())
                select (Offset: offset < -validity ? -validity : offset, Meanwhile: meanwhile))
            select (seed, validity, laterValidity, Probes: probes.OrderBy(p => p.Offset).ToArray());

        return Prop.ForAll(scenarios.ToArbitrary(), s =>
        {
            var (account, random, issued) = Invited(s.seed, s.validity);
            var token = issued.Token;
            var expiresAt = issued.ExpiresAt;
            var seenExpired = false;
            var failures = new List<string>();
            var others = 0;

            foreach (var (offset, meanwhile) in s.Probes)
            {
                var now = expiresAt + offset;
                switch (meanwhile)
                {
                    case Meanwhile.Resend:
                        if (account.ResendInvitation(Ada, issued.Invitation, now, random).TryGetValue(out var resent, out _)) token = resent.Token;
                        break;
                    case Meanwhile.ChangeValidity:
                        account.SetInvitationValidity(Ada, s.laterValidity, now);
                        break;
                    case Meanwhile.InviteSomeoneElse:
                        account.Invite(Ada, $"other{others++}@example.com", Role.Member, now, random);
                        break;
                    case Meanwhile.AcceptWithForgedToken:
                        account.AcceptInvitation(UserId.New(now, random), "Bob", Invitee, InvitationToken.FromPresented("forged"), now);
                        break;
                    case Meanwhile.AcceptAsSomeoneElse:
                        account.AcceptInvitation(UserId.New(now, random), "Mallory", "mallory@example.com", token, now);
                        break;
                    case Meanwhile.ViewTable:
                        account.ViewPendingInvitations(Ada, now);
                        break;
                }

                var invitation = account.FindInvitation(issued.Invitation)!;
                var status = invitation.StatusAt(now);
                var expected = now < expiresAt ? InvitationStatus.Pending : InvitationStatus.Expired;
                if (invitation.ExpiresAt != expiresAt) failures.Add($"{meanwhile} at {now} moved the expiry to {invitation.ExpiresAt}");
                if (status != expected) failures.Add($"{status} at {now} (expires at {expiresAt}), expected {expected}");
                if (invitation.StatusAt(now) != status) failures.Add($"asked twice at {now}, two answers");
                if (seenExpired && status == InvitationStatus.Pending) failures.Add($"back to Pending at {now} without a renewal");
                seenExpired |= status == InvitationStatus.Expired;
            }

            // Only a renewal brings it back: pending from the renewal on, until a full validity later.
            var renewedAt = expiresAt + Duration.Max(Duration.Zero, s.Probes[^1].Offset);
            var renewed = account.RenewInvitation(Ada, issued.Invitation, renewedAt, random);
            if (!renewed.Succeeded) failures.Add($"renewing at {renewedAt} returned {renewed}");
            else if (account.FindInvitation(issued.Invitation)!.StatusAt(renewedAt) != InvitationStatus.Pending) failures.Add("renewed but not pending");

            return (failures.Count == 0).Label(string.Join("; ", failures))
                .Classify(s.Probes.Any(p => p.Offset == Duration.Zero), "probed exactly at expires-at")
                .Classify(s.Probes.Any(p => p.Offset == -Tick), "probed one tick before")
                .Classify(s.Probes[0].Offset < Duration.Zero && s.Probes[^1].Offset >= Duration.Zero, "crossed the boundary")
                .Classify(s.validity == InvitationPolicy.MinimumValidity || s.validity == InvitationPolicy.MaximumValidity, "validity at a limit");
        });
    }

    [Property(MaxTest = 300)]
    public Property Renew_ExpiredInvitation_IsPendingAndEveryOlderTokenFails_R21_R22()
    {
        var scenarios =
            from seed in Gen.Choose(1, 100_000).Select(n => (ulong)n)
            from validity in Validity
            from validityAtRenewal in Validity
            from resentFirst in Gen.Elements(true, false)
            from lateness in Gen.Frequency(
                (3, Gen.Constant(Duration.Zero)),
                (1, Gen.Constant(Tick)),
                (3, Gen.Choose(1, 40 * 24 * 60).Select(minutes => Duration.FromMinutes(minutes))))
            select (seed, validity, validityAtRenewal, resentFirst, lateness);

        return Prop.ForAll(scenarios.ToArbitrary(), s =>
        {
            var (account, random, issued) = Invited(s.seed, s.validity);
            var oldTokens = new List<InvitationToken> { issued.Token };
            if (s.resentFirst) oldTokens.Add(account.ResendInvitation(Ada, issued.Invitation, Start + s.validity / 2, random).Value.Token);
            account.SetInvitationValidity(Ada, s.validityAtRenewal, Start);
            var renewedAt = issued.ExpiresAt + s.lateness;

            var renewed = account.RenewInvitation(Ada, issued.Invitation, renewedAt, random).Value;

            var pendingAtRenewal = account.FindInvitation(issued.Invitation)!.StatusAt(renewedAt) == InvitationStatus.Pending;
            var before = account.ToSnapshot();
            var oldTokensFail = oldTokens.All(old =>
                account.AcceptInvitation(UserId.New(renewedAt, random), "Bob", Invitee, old, renewedAt).Error is InvitationTokenMismatch);
            var unchanged = before.Equals(account.ToSnapshot());
            var lastPendingInstant = renewedAt + s.validityAtRenewal - Tick;
            var newTokenWorks = account.AcceptInvitation(UserId.New(renewedAt, random), "Bob", Invitee, renewed.Token, lastPendingInstant).Succeeded;

            return pendingAtRenewal.Label("pending at the renewal")
                .And((renewed.ExpiresAt == renewedAt + s.validityAtRenewal).Label("expires one validity (the one in force) after the renewal"))
                .And(oldTokensFail.Label("every older token is refused as a mismatch"))
                .And(unchanged.Label("the refusals changed nothing"))
                .And(newTokenWorks.Label("the new token works until the new expiry"))
                .Classify(s.lateness == Duration.Zero, "renewed exactly at expires-at")
                .Classify(s.resentFirst, "resent before it expired")
                .Classify(s.validity != s.validityAtRenewal, "validity changed before renewing");
        });
    }

    private enum SecondTry
    {
        SameUser,
        AnotherUser,
        SameUserOtherSpelling,
    }

    [Property(MaxTest = 300)]
    public Property Accept_SameTokenASecondTime_IsRefusedAsAlreadyAcceptedAndChangesNothing_R22()
    {
        var scenarios =
            from seed in Gen.Choose(1, 100_000).Select(n => (ulong)n)
            from validity in Validity
            from firstAt in Gen.Frequency(
                (2, Gen.Constant(Duration.Zero)),
                (2, Gen.Constant(validity - Tick)),
                (3, Gen.Choose(0, (int)validity.TotalMinutes - 1).Select(minutes => Duration.FromMinutes(minutes))))
            from secondAfter in Gen.Frequency(
                (2, Gen.Constant(Duration.Zero)),
                (2, Gen.Constant(validity)),
                (3, Gen.Choose(1, 60 * 24 * 60).Select(minutes => Duration.FromMinutes(minutes))))
            from secondTry in Gen.Elements(Enum.GetValues<SecondTry>())
            select (seed, validity, firstAt, secondAfter, secondTry);

        return Prop.ForAll(scenarios.ToArbitrary(), s =>
        {
            var (account, random, issued) = Invited(s.seed, s.validity);
            var bob = UserId.New(Start, random);
            var firstInstant = Start + s.firstAt;
            var first = account.AcceptInvitation(bob, "Bob", Invitee, issued.Token, firstInstant);
            var before = account.ToSnapshot();
            var events = account.PendingEvents.Count;

            var secondInstant = firstInstant + s.secondAfter;
            var second = s.secondTry switch
            {
                SecondTry.SameUser => account.AcceptInvitation(bob, "Bob", Invitee, issued.Token, secondInstant),
                SecondTry.AnotherUser => account.AcceptInvitation(UserId.New(Start, random), "Mallory", Invitee, issued.Token, secondInstant),
                _ => account.AcceptInvitation(bob, "Bob", " BOB@Example.COM ", issued.Token, secondInstant),
            };

            return first.Succeeded.Label($"first acceptance at +{s.firstAt}: {first}")
                .And((second.Error is InvitationAlreadyAccepted).Label($"second acceptance: {second}"))
                .And(before.Equals(account.ToSnapshot()).Label("the second try changed nothing"))
                .And((account.PendingEvents.Count == events).Label("the second try recorded no event"))
                .Classify(s.firstAt == s.validity - Tick, "accepted one tick before expiry")
                .Classify(secondInstant >= issued.ExpiresAt, "second try after expiry")
                .Classify(s.secondTry == SecondTry.AnotherUser, "second try by another user");
        });
    }
}
