using Fluents.Settings.Accounts;
using Fluents.Settings.Actors;
using Fluents.Settings.Members;

namespace Fluents.Settings.Testing;

/// <summary>
/// What the aggregate adds to every event it records (R28): who made the change, the version it produced and the event's
/// index within it. An expected event in a test is built with its constructor, then stamped here.
/// </summary>
public static class Stamps
{
    /// <summary>The event as a change by a member produced it.</summary>
    public static T By<T>(this T domainEvent, UserId user, string name, long version, int index = 0)
        where T : DomainEvent =>
        domainEvent with { Actor = new RecordedActor(ActorId.OfUser(user), name), Version = version, Index = index };

    /// <summary>The event as a change by the test account's Admin produced it (the account's version after the change).</summary>
    public static T ByAdmin<T>(this T domainEvent, Account account, int index = 0)
        where T : DomainEvent =>
        domainEvent.By(TestAccounts.Admin, TestAccounts.AdminName, account.Version, index);

    /// <summary>The event as a change by a system actor produced it.</summary>
    public static T By<T>(this T domainEvent, SystemActor systemActor, long version, int index = 0)
        where T : DomainEvent =>
        domainEvent with { Actor = new RecordedActor(systemActor.ActorId, systemActor.Name), Version = version, Index = index };
}
