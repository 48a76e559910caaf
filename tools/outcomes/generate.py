#!/usr/bin/env python3
"""Generates the outcome type of every Account operation and the result type of every SettingsService use case.

Usage (from the repository root):
    python3 tools/outcomes/generate.py

Writes three committed files, all from the one table below:
    src/Fluents.Settings.Core/Accounts/AccountOutcomes.Generated.cs      CreateEnvironmentOutcome, ViewOutcome<TView>, …
    src/Fluents.Settings.Core/Application/SettingsResults.Generated.cs   CreateEnvironmentResult, ViewResult<TView>, …
    src/Fluents.Settings.Core/Json/SettingsJsonOutcomes.Generated.cs     DeserializeSnapshotOutcome, DeserializeEventOutcome

Why generated: some 45 types of the same shape (implicit conversions from the success and from each error, a
Match and a Switch that name every case). Written by hand they would drift; here a use case's result is derived
from its operation's outcome, so it always lists the aggregate's errors plus the application's own. The shared
behaviour (Succeeded, Value, Error, TryGetValue, ToString) is hand-written once, in Outcome.cs.

To add an operation: add a row to OPERATIONS (and its errors to the cases, if new), run this script, build, and
add the new public API lines to PublicAPI.Unshipped.txt (the build's RS0016 lists them).
"""
import os
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORE = os.path.join(ROOT, "src", "Fluents.Settings.Core")


@dataclass(frozen=True)
class Case:
    type: str       # the C# type of the case's value
    name: str       # its parameter name in Match and Switch
    meaning: str    # what it means, for the XML docs (no final period)


# Every error, with one parameter name used by every operation that can return it.
NOT_PERMITTED = Case("NotPermitted", "notPermitted", "the acting user is not a member, their role lacks the permission, or a system actor lacks it (R3, R15, R29)")
INVALID_ENVIRONMENT_NAME = Case("InvalidEnvironmentName", "invalidName", "the name breaks R2; its <c>Reason</c> says how")
NAME_TAKEN = Case("EnvironmentNameTaken", "nameTaken", "another environment already has this name, ignoring case (R2)")
INVALID_LIMIT = Case("InvalidMaxConcurrentCalls", "invalidLimit", "a limit or plan below zero (R8, R9)")
EXCEEDS_PLAN = Case("AllocationExceedsPlan", "exceedsPlan", "the limit does not fit the plan, or raises an over-allocated account; it carries the numbers (R10, R12)")
ENVIRONMENT_NOT_FOUND = Case("EnvironmentNotFound", "environmentNotFound", "the account has no environment with this id (never had, or it was deleted)")
LAST_VISIBLE = Case("LastVisibleEnvironment", "lastVisible", "the account would be left with no visible environment (R5)")
CONFIRMATION_MISMATCH = Case("DeleteConfirmationMismatch", "confirmationMismatch", "the name typed to confirm is not the environment's name (R6)")
INVALID_GRACE_PERIOD = Case("InvalidGracePeriod", "invalidGracePeriod", "a grace period below zero or above the maximum (R26)")
REALLOCATION_EXCEEDS_PLAN = Case("ReallocationExceedsPlan", "exceedsPlan", "the new limits raise an environment and do not fit the plan (R10–R12)")
STALE_PROPOSAL = Case("StaleRebalanceProposal", "staleProposal", "the account changed after the proposal was made; propose again (R12)")
INVALID_EMAIL = Case("InvalidEmailAddress", "invalidEmail", "the email address breaks R18; its <c>Reason</c> says how")
INVALID_PERSON_NAME = Case("InvalidPersonName", "invalidName", "the user's name breaks the name rules; its <c>Reason</c> says how")
ALREADY_MEMBER = Case("AlreadyMember", "alreadyMember", "the user or the email already belongs to a member (R19, R22)")
ALREADY_INVITED = Case("InvitationAlreadyOpen", "alreadyInvited", "the email already has an open invitation; renew, resend or revoke it instead (R19)")
INVITATION_NOT_FOUND = Case("InvitationNotFound", "invitationNotFound", "the account has no invitation with this id")
ACTION_UNAVAILABLE = Case("InvitationActionUnavailable", "actionUnavailable", "the invitation's status does not allow the action: resend needs Pending, renew Expired, revoke either (R21)")
TOKEN_MISMATCH = Case("InvitationTokenMismatch", "tokenMismatch", "the token matches no invitation: wrong, or replaced by a renew or resend (R21, R22)")
EMAIL_MISMATCH = Case("InvitationEmailMismatch", "emailMismatch", "the invitation was sent to another email address (R22)")
INVITATION_EXPIRED = Case("InvitationExpired", "expired", "the invitation expired before it was accepted (R20, R22)")
INVITATION_REVOKED = Case("InvitationWasRevoked", "wasRevoked", "the invitation was revoked (R21)")
ALREADY_ACCEPTED = Case("InvitationAlreadyAccepted", "alreadyAccepted", "the invitation was already accepted: a token works once (R22)")
INVALID_VALIDITY = Case("InvalidInvitationValidity", "invalidValidity", "a validity outside 1 hour to 30 days (R19)")
MEMBER_NOT_FOUND = Case("MemberNotFound", "memberNotFound", "the account has no member with this user id")
OWN_ROLE = Case("CannotChangeOwnRole", "ownRole", "an Admin tried to change their own role; another Admin must (R17)")
LAST_ADMIN = Case("LastAdmin", "lastAdmin", "the account would be left without an Admin; its <c>Action</c> says how (R16)")
INVALID_CURSOR = Case("InvalidAuditCursor", "invalidCursor", "the page cursor is malformed or another account's; start again from the first page (R28)")
INVALID_SNAPSHOT = Case("InvalidAccountSnapshot", "invalidSnapshot", "the stored data breaks an invariant; its <c>Reason</c> says which")

# Reading the JSON format (SettingsJson).
INVALID_SNAPSHOT_JSON = Case("InvalidAccountSnapshot", "invalidSnapshot", "the text is not a snapshot document: malformed JSON, or a field missing, unknown, repeated or of the wrong type; its <c>Reason</c> says which")
INVALID_EVENT_JSON = Case("InvalidEventJson", "invalidEvent", "the text is not an event document: malformed JSON, an unknown <c>type</c>, or a field missing, unknown, repeated or of the wrong type; its <c>Reason</c> says which")
UNSUPPORTED_VERSION = Case("UnsupportedSchemaVersion", "unsupportedVersion", "a newer version of the library wrote the document; upgrade the library on this host to read it")

# The application's own failures (SettingsService), added to the aggregate's errors in a use case's result.
ACCOUNT_NOT_FOUND = Case("AccountNotFound", "accountNotFound", "no account is stored under this id")
CONFLICT = Case("ConflictAfterRetries", "conflict", "other writers kept saving the account first until the attempts ran out; nothing was applied, try again")
ACCOUNT_EXISTS = Case("AccountAlreadyExists", "alreadyExists", "an account with this id is already stored")
# A stored account that cannot be loaded (a corrupt row, or one written by a newer library): a value, never an exception.
STORED_INVALID = Case("InvalidAccountSnapshot", "invalidSnapshot", "the stored account is corrupt or breaks an invariant, so it cannot be loaded; its <c>Reason</c> says which")
STORED_NEWER = Case("UnsupportedSchemaVersion", "unsupportedVersion", "a newer version of the library stored the account; upgrade the library on this host to load it")
UNREADABLE = [STORED_INVALID, STORED_NEWER]

NO_VALUE = "OneOf.Types.Success"  # printed as Success: the value of an operation that returns nothing else


@dataclass(frozen=True)
class UseCase:
    methods: list           # the SettingsService methods that return it
    type: str               # the result type
    failures: list          # the application's own failures
    success: Case = None    # when the service returns something other than the aggregate's success


@dataclass(frozen=True)
class Operation:
    section: str
    methods: list           # the Account methods that return it
    type: str               # the outcome type
    success: Case
    errors: list            # in the order the operation checks them
    use_case: UseCase = None
    type_parameter: str = None
    owner: str = "Account"  # the class whose methods return it


def changed(methods, type_, success=None):
    return UseCase(methods, type_, [ACCOUNT_NOT_FOUND, *UNREADABLE, CONFLICT], success)


DISPATCHED = "the saved invitation and whether its email went out (the token went to the mailer only)"

OPERATIONS = [
    Operation("The account", ["Open"], "OpenAccountOutcome",
              Case("OpenedAccount", "opened", "the new account and its <c>default</c> environment's API key, shown this once"),
              [INVALID_LIMIT, INVALID_PERSON_NAME, INVALID_EMAIL],
              UseCase(["OpenAccountAsync"], "OpenAccountResult", [ACCOUNT_EXISTS])),
    Operation("The account", ["FromSnapshot(AccountSnapshot)"], "FromSnapshotOutcome",
              Case("Account", "loaded", "the account, rebuilt with every invariant checked"),
              [INVALID_SNAPSHOT]),
    Operation("The account", ["ViewEnvironments", "ViewEnvironmentSelector", "ViewUsers", "ViewPendingInvitations", "ProposeRebalance(Actor)"],
              "ViewOutcome", Case("TView", "view", "what the viewer sees"),
              [NOT_PERMITTED],
              UseCase(["ListEnvironmentsAsync", "ListEnvironmentSelectorAsync", "ListUsersAsync", "ListPendingInvitationsAsync", "ProposeRebalanceAsync"],
                      "ViewResult", [ACCOUNT_NOT_FOUND, *UNREADABLE]),
              type_parameter="TView"),

    Operation("The account", ["ViewAuditTrail"], "ViewAuditTrailOutcome",
              Case("AuditQuery", "trail", "the query of the audit trail the viewer may read (R28)"),
              [NOT_PERMITTED, INVALID_CURSOR],
              UseCase(["ListAuditTrailAsync"], "ViewAuditTrailResult", [ACCOUNT_NOT_FOUND, *UNREADABLE],
                      Case("AuditPage", "trail", "one page of the audit trail, newest first, and where the next one starts (R28)"))),

    Operation("Environments", ["CreateEnvironment"], "CreateEnvironmentOutcome",
              Case("CreatedEnvironment", "created", "the new environment and its API key, shown this once"),
              [NOT_PERMITTED, INVALID_ENVIRONMENT_NAME, NAME_TAKEN, INVALID_LIMIT, EXCEEDS_PLAN],
              changed(["CreateEnvironmentAsync"], "CreateEnvironmentResult")),
    Operation("Environments", ["EditEnvironment"], "EditEnvironmentOutcome",
              Case(NO_VALUE, "edited", "the environment has the new name and limit (also when nothing changed)"),
              [NOT_PERMITTED, ENVIRONMENT_NOT_FOUND, INVALID_ENVIRONMENT_NAME, NAME_TAKEN, INVALID_LIMIT, EXCEEDS_PLAN],
              changed(["EditEnvironmentAsync"], "EditEnvironmentResult")),
    Operation("Environments", ["HideEnvironment"], "HideEnvironmentOutcome",
              Case(NO_VALUE, "hidden", "the environment is hidden (also when it already was)"),
              [NOT_PERMITTED, ENVIRONMENT_NOT_FOUND, LAST_VISIBLE],
              changed(["HideEnvironmentAsync"], "HideEnvironmentResult")),
    Operation("Environments", ["UnhideEnvironment"], "UnhideEnvironmentOutcome",
              Case(NO_VALUE, "unhidden", "the environment is visible (also when it already was)"),
              [NOT_PERMITTED, ENVIRONMENT_NOT_FOUND],
              changed(["UnhideEnvironmentAsync"], "UnhideEnvironmentResult")),
    Operation("Environments", ["DeleteEnvironment"], "DeleteEnvironmentOutcome",
              Case(NO_VALUE, "deleted", "the environment is gone and its keys revoked"),
              [NOT_PERMITTED, ENVIRONMENT_NOT_FOUND, CONFIRMATION_MISMATCH, LAST_VISIBLE],
              changed(["DeleteEnvironmentAsync"], "DeleteEnvironmentResult")),
    Operation("Environments", ["RotateApiKey"], "RotateApiKeyOutcome",
              Case("RotatedApiKey", "rotated", "the new API key, shown this once, and until when the previous one works"),
              [NOT_PERMITTED, ENVIRONMENT_NOT_FOUND, INVALID_GRACE_PERIOD],
              changed(["RotateApiKeyAsync"], "RotateApiKeyResult")),

    Operation("Concurrency", ["Reallocate"], "ReallocateOutcome",
              Case(NO_VALUE, "reallocated", "every listed environment has its new limit (also when nothing changed)"),
              [NOT_PERMITTED, ENVIRONMENT_NOT_FOUND, INVALID_LIMIT, REALLOCATION_EXCEEDS_PLAN],
              changed(["ReallocateAsync"], "ReallocateResult")),
    Operation("Concurrency", ["ChangePlanLimit"], "ChangePlanLimitOutcome",
              Case(NO_VALUE, "planChanged", "the plan has the new limit (also when it is unchanged)"),
              [NOT_PERMITTED, INVALID_LIMIT],
              changed(["ChangePlanLimitAsync"], "ChangePlanLimitResult")),
    Operation("Concurrency", ["ApplyRebalance"], "ApplyRebalanceOutcome",
              Case(NO_VALUE, "applied", "every environment has its proposed limit"),
              [NOT_PERMITTED, STALE_PROPOSAL],
              changed(["ApplyRebalanceAsync"], "ApplyRebalanceResult")),

    Operation("Invitations", ["Invite"], "InviteOutcome",
              Case("IssuedInvitation", "invited", "what the invitation email needs, its one-time token included"),
              [NOT_PERMITTED, INVALID_EMAIL, ALREADY_MEMBER, ALREADY_INVITED],
              changed(["InviteAsync"], "InviteResult", Case("InvitationDispatched", "invited", DISPATCHED))),
    Operation("Invitations", ["RenewInvitation"], "RenewInvitationOutcome",
              Case("IssuedInvitation", "renewed", "the renewed invitation, pending again, with its new one-time token"),
              [NOT_PERMITTED, INVITATION_NOT_FOUND, ACTION_UNAVAILABLE],
              changed(["RenewInvitationAsync"], "RenewInvitationResult", Case("InvitationDispatched", "renewed", DISPATCHED))),
    Operation("Invitations", ["ResendInvitation"], "ResendInvitationOutcome",
              Case("IssuedInvitation", "resent", "the invitation with its new one-time token; the expiry is unchanged"),
              [NOT_PERMITTED, INVITATION_NOT_FOUND, ACTION_UNAVAILABLE],
              changed(["ResendInvitationAsync"], "ResendInvitationResult", Case("InvitationDispatched", "resent", DISPATCHED))),
    Operation("Invitations", ["RevokeInvitation"], "RevokeInvitationOutcome",
              Case(NO_VALUE, "revoked", "the invitation is revoked and its link stops working"),
              [NOT_PERMITTED, INVITATION_NOT_FOUND, ACTION_UNAVAILABLE],
              changed(["RevokeInvitationAsync"], "RevokeInvitationResult")),
    Operation("Invitations", ["AcceptInvitation"], "AcceptInvitationOutcome",
              Case("JoinedAccount", "joined", "the user is now a member with the invited role"),
              [TOKEN_MISMATCH, EMAIL_MISMATCH, INVITATION_EXPIRED, INVITATION_REVOKED, ALREADY_ACCEPTED, ALREADY_MEMBER, INVALID_EMAIL, INVALID_PERSON_NAME],
              changed(["AcceptInvitationAsync"], "AcceptInvitationResult")),
    Operation("Invitations", ["SetInvitationValidity"], "SetInvitationValidityOutcome",
              Case(NO_VALUE, "validitySet", "new invitations stay valid this long (also when unchanged)"),
              [NOT_PERMITTED, INVALID_VALIDITY],
              changed(["SetInvitationValidityAsync"], "SetInvitationValidityResult")),

    Operation("Members", ["ChangeRole"], "ChangeRoleOutcome",
              Case(NO_VALUE, "roleChanged", "the member has the new role (also when it is unchanged)"),
              [NOT_PERMITTED, MEMBER_NOT_FOUND, OWN_ROLE, LAST_ADMIN],
              changed(["ChangeRoleAsync"], "ChangeRoleResult")),
    Operation("Members", ["RemoveMember"], "RemoveMemberOutcome",
              Case(NO_VALUE, "removed", "the member no longer has access to the account"),
              [NOT_PERMITTED, MEMBER_NOT_FOUND, LAST_ADMIN],
              changed(["RemoveMemberAsync"], "RemoveMemberResult")),
    Operation("Members", ["Leave"], "LeaveOutcome",
              Case(NO_VALUE, "left", "the user is no longer a member"),
              [MEMBER_NOT_FOUND, LAST_ADMIN],
              changed(["LeaveAsync"], "LeaveResult")),

    Operation("Loading", ["FindAsync"], "FindAccountOutcome",
              Case("Account", "found", "a fresh instance of the stored account, every invariant checked"),
              [ACCOUNT_NOT_FOUND, *UNREADABLE], owner="IAccountRepository"),

    Operation("JSON", ["DeserializeSnapshot(string)", "DeserializeSnapshot(ReadOnlySpan{byte})"], "DeserializeSnapshotOutcome",
              Case("AccountSnapshot", "snapshot", "the snapshot as stored, still to be checked by <see cref=\"Account.FromSnapshot(AccountSnapshot)\"/>"),
              [INVALID_SNAPSHOT_JSON, UNSUPPORTED_VERSION], owner="SettingsJson"),
    Operation("JSON", ["DeserializeEvent(string)", "DeserializeEvent(ReadOnlySpan{byte})"], "DeserializeEventOutcome",
              Case("DomainEvent", "domainEvent", "the event, of its own type"),
              [INVALID_EVENT_JSON, UNSUPPORTED_VERSION], owner="SettingsJson"),
]


def short(type_):
    return "Success" if type_ == NO_VALUE else type_


def cref(type_):
    return short(type_).replace("<", "{").replace(">", "}")


def see(type_):
    return f'<see cref="{cref(type_)}"/>'


def or_list(items):
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def name_list(cases):
    return ", ".join(f"<c>{c.name}</c>" for c in cases)


def generate_type(out, type_name, type_parameter, base, success, errors, summary):
    full = f"{type_name}<{type_parameter}>" if type_parameter else type_name
    success_type = short(success.type)
    cases = [success] + errors
    w = out.append
    w("")
    w(f"/// <summary>{summary}</summary>")
    if type_parameter:
        w(f'/// <typeparam name="{type_parameter}">What the viewer sees.</typeparam>')
    w("/// <remarks>")
    w(f"/// The cases, by name in <see cref=\"Match{{TResult}}\"/> and <see cref=\"Switch\"/>: {name_list(cases)}. For the common path use")
    w("/// <see cref=\"Outcome{TSuccess}.Value\"/>, <see cref=\"Outcome{TSuccess}.TryGetValue\"/> and <see cref=\"Outcome{TSuccess}.Error\"/>.")
    w("/// </remarks>")
    w(f"public sealed class {full} : {base}<{success_type}>, IOutcomeOf<{full}, {success_type}>")
    w("{")
    w(f"    private {type_name}({success_type} value)")
    w("        : base(value)")
    w("    {")
    w("    }")
    w("")
    w(f"    private {type_name}(DomainError error)")
    w("        : base(error)")
    w("    {")
    w("    }")
    w("")
    w(f"    /// <summary>A success: {success.meaning}.</summary>")
    w(f'    /// <param name="{success.name}">The success value.</param>')
    w(f"    public static implicit operator {full}({success_type} {success.name}) => new({success.name});")
    for error in errors:
        w("")
        w(f"    /// <summary>A refusal: {error.meaning}.</summary>")
        w(f'    /// <param name="{error.name}">The error.</param>')
        w(f"    public static implicit operator {full}({error.type} {error.name}) => new({error.name});")
    params_doc = [f'    /// <param name="{success.name}">For a success: {success.meaning}.</param>'] + [
        f'    /// <param name="{e.name}">For {see(e.type)}: {e.meaning}.</param>' for e in errors]
    # Match
    w("")
    w("    /// <summary>Handles each case with its function, named after the case, and returns what that function returns.</summary>")
    w("    /// <typeparam name=\"TResult\">What each function returns.</typeparam>")
    out.extend(params_doc)
    w("    /// <returns>The result of the function that matched.</returns>")
    w("    /// <exception cref=\"ArgumentNullException\">A function is null.</exception>")
    w("    public TResult Match<TResult>(")
    w(",\n".join(f"        Func<{short(c.type)}, TResult> {c.name}" for c in cases) + ")")
    w("    {")
    for c in cases:
        w(f"        Guard.Against.Null({c.name});")
    w("        return Error switch")
    w("        {")
    w(f"            null => {success.name}(Value),")
    for e in errors:
        w(f"            {e.type} error => {e.name}(error),")
    w("            _ => throw NotOneOfTheCases(),")
    w("        };")
    w("    }")
    # Switch
    w("")
    w("    /// <summary>Runs the action of the case, named after it.</summary>")
    out.extend(params_doc)
    w("    /// <exception cref=\"ArgumentNullException\">An action is null.</exception>")
    w("    public void Switch(")
    w(",\n".join(f"        Action<{short(c.type)}> {c.name}" for c in cases) + ")")
    w("    {")
    for c in cases:
        w(f"        Guard.Against.Null({c.name});")
    w("        switch (Error)")
    w("        {")
    w(f"            case null: {success.name}(Value); break;")
    for e in errors:
        w(f"            case {e.type} error: {e.name}(error); break;")
    w("            default: throw NotOneOfTheCases();")
    w("        }")
    w("    }")
    # the factory for generic code
    w("")
    w(f"    static {full} IOutcomeOf<{full}, {success_type}>.FromValue({success_type} value) => new(value);")
    w("")
    w(f"    static {full} IOutcomeOf<{full}, {success_type}>.FromError(DomainError error) =>")
    w(f"        error is {' or '.join(e.type for e in errors)} ? new(error) : throw NotOneOfTheCases(error, typeof({full}));")
    w("}")


HEADER = """// Generated by tools/outcomes/generate.py from its table of operations. Do not edit by hand:
// change the table, then run `python3 tools/outcomes/generate.py` from the repository root and build.
"""


def write(path, namespace, usings, body):
    text = HEADER + "\n#nullable enable\n\n" + "".join(f"using {u};\n" for u in usings) + f"\nnamespace {namespace};\n" + "\n".join(body) + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(path, ROOT)}")


def account_summary(op):
    methods = or_list([f'<see cref="{op.owner}.{m}"/>' for m in op.methods])
    return f"What {methods} returns: {op.success.meaning}; or why it was refused."


def result_summary(op):
    uc = op.use_case
    methods = or_list([f'<see cref="SettingsService.{m}"/>' for m in uc.methods])
    success = uc.success or op.success
    failures = or_list([see(f.type) for f in uc.failures])
    return (f"What {methods} returns: {success.meaning}; or why it failed: a refusal of "
            + or_list([f'<see cref="Account.{m}"/>' for m in op.methods]) + f", or the application's {failures}.")


def main():
    usings = ["Ardalis.GuardClauses", "Fluents.Settings.Actors", "Fluents.Settings.Audit", "Fluents.Settings.Concurrency", "Fluents.Settings.Environments",
              "Fluents.Settings.Invitations", "Fluents.Settings.Members", "OneOf.Types"]
    outcomes, results, json = [], [], []
    section = None
    for op in OPERATIONS:
        if op.owner == "IAccountRepository":
            results.append(f"\n// {op.section}")
            generate_type(results, op.type, op.type_parameter, "Outcome", op.success, op.errors, account_summary(op))
            continue
        if op.owner == "SettingsJson":
            generate_type(json, op.type, op.type_parameter, "Outcome", op.success, op.errors, account_summary(op))
            continue
        if op.section != section:
            section = op.section
            outcomes.append(f"\n// {section}")
            if any(o.use_case for o in OPERATIONS if o.section == section):
                results.append(f"\n// {section}")
        generate_type(outcomes, op.type, op.type_parameter, "Outcome", op.success, op.errors, account_summary(op))
        if op.use_case:
            uc = op.use_case
            generate_type(results, uc.type, op.type_parameter, "SettingsResult", uc.success or op.success,
                          op.errors + uc.failures, result_summary(op))
    write(os.path.join(CORE, "Accounts", "AccountOutcomes.Generated.cs"), "Fluents.Settings.Accounts", usings, outcomes)
    write(os.path.join(CORE, "Application", "SettingsResults.Generated.cs"), "Fluents.Settings.Application",
          sorted(usings[:1] + ["Fluents.Settings.Accounts", "Fluents.Settings.Json"] + usings[1:], key=lambda u: (not u.startswith("Ardalis"), u)), results)
    write(os.path.join(CORE, "Json", "SettingsJsonOutcomes.Generated.cs"), "Fluents.Settings.Json", ["Ardalis.GuardClauses", "Fluents.Settings.Accounts"], json)


if __name__ == "__main__":
    main()
