using Fluents.Settings.Accounts;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using Fluents.Settings.Invitations;
using Fluents.Settings.Members;

namespace Fluents.Settings.Json;

/// <summary>
/// The <c>"type"</c> of each event in the JSON format: the concept, a dot, what happened (the error codes' style). These
/// names are the format, not the CLR names: renaming or moving an event class changes nothing stored; renaming an entry
/// here is a format change (docs/json-format.md, "Versioning").
/// </summary>
internal static class EventTypes
{
    public static readonly IReadOnlyList<(Type Type, string Name)> All =
    [
        (typeof(AccountOpened), "account.opened"),
        (typeof(EnvironmentCreated), "environment.created"),
        (typeof(EnvironmentRenamed), "environment.renamed"),
        (typeof(EnvironmentHidden), "environment.hidden"),
        (typeof(EnvironmentUnhidden), "environment.unhidden"),
        (typeof(EnvironmentDeleted), "environment.deleted"),
        (typeof(ApiKeyRotated), "api_key.rotated"),
        (typeof(AllocationChanged), "concurrency.allocation_changed"),
        (typeof(PlanLimitChanged), "concurrency.plan_limit_changed"),
        (typeof(InvitationSent), "invitation.sent"),
        (typeof(InvitationRenewed), "invitation.renewed"),
        (typeof(InvitationResent), "invitation.resent"),
        (typeof(InvitationRevoked), "invitation.revoked"),
        (typeof(InvitationAccepted), "invitation.accepted"),
        (typeof(InvitationValidityChanged), "invitation.validity_changed"),
        (typeof(MemberJoined), "member.joined"),
        (typeof(MemberRoleChanged), "member.role_changed"),
        (typeof(MemberRemoved), "member.removed"),
        (typeof(MemberLeft), "member.left"),
    ];

    private static readonly Dictionary<Type, string> NamesByType = All.ToDictionary(entry => entry.Type, entry => entry.Name);

    private static readonly HashSet<string> Names = [.. All.Select(entry => entry.Name)];

    /// <summary>The name of an event type, or <c>null</c> for a type that is not one of the library's events.</summary>
    public static string? NameOf(Type type) => NamesByType.GetValueOrDefault(type);

    public static bool IsKnown(string name) => Names.Contains(name);
}
