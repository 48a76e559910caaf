using Ardalis.GuardClauses;
using Fluents.Settings.Accounts;
using Fluents.Settings.Environments;

namespace Fluents.Settings.Concurrency;

/// <summary>
/// A call an <see cref="ICallGate"/> admitted (R13, R30): it holds one place in its environment and one in the plan until
/// <see cref="ReleaseAsync"/> is called, once, when the call ends.
/// </summary>
/// <remarks>
/// <para>A small struct: copies are the same lease, and whichever copy is released first frees the places; every later
/// release returns <c>false</c> and frees nothing. <c>default(CallLease)</c> is no lease.</para>
/// <para>A lease can be rebuilt from its ids with <see cref="CallLease(ICallGate, AccountId, EnvironmentId, CallLeaseId)"/>,
/// for instance on the host that receives the hang-up webhook of a call another host admitted. The Redis gate releases
/// any lease by its ids; the in-process gate releases a rebuilt lease only if its admission named that lease id (it keeps
/// no other ids).</para>
/// </remarks>
public readonly struct CallLease : IEquatable<CallLease>
{
    private readonly ICallGate? _gate;

    /// <summary>A lease held in <paramref name="gate"/>: what a gate returns on admission, or a lease rebuilt from its ids.</summary>
    /// <param name="gate">The gate that admitted it.</param>
    /// <param name="account">The account.</param>
    /// <param name="environment">The environment the call runs in.</param>
    /// <param name="id">The lease id.</param>
    /// <exception cref="ArgumentNullException"><paramref name="gate"/> is null.</exception>
    /// <exception cref="ArgumentException">A <c>default</c> id.</exception>
    public CallLease(ICallGate gate, AccountId account, EnvironmentId environment, CallLeaseId id)
    {
        _gate = Guard.Against.Null(gate);
        Account = Guard.Against.Default(account);
        Environment = Guard.Against.Default(environment);
        Id = Guard.Against.Default(id);
    }

    internal CallLease(InProcessCallGate gate, AccountId account, CallLeaseId id, AdmittedCall call)
    {
        _gate = gate;
        Account = account;
        Environment = call.Environment;
        Id = id;
        Call = call;
    }

    /// <summary>Whether this value came from an admission or was rebuilt from ids (false for <c>default</c>).</summary>
    public bool IsAdmitted => _gate is not null;

    /// <summary>The account.</summary>
    public AccountId Account { get; }

    /// <summary>The environment the call runs in.</summary>
    public EnvironmentId Environment { get; }

    /// <summary>The lease id: the one the admission named, or a new one.</summary>
    public CallLeaseId Id { get; }

    /// <summary>The in-process gate's own handle, when that gate admitted the call; <c>default</c> otherwise.</summary>
    internal AdmittedCall Call { get; }

    /// <summary>The gate that holds the lease.</summary>
    internal ICallGate? Gate => _gate;

    /// <summary>Ends the call: frees its places in the environment and in the plan (R13). Safe from any thread and any host.</summary>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <returns>
    /// <c>true</c> when this release freed the places; <c>false</c> when they were freed before (a second release, a copy,
    /// an expired lease) or for <c>default</c>.
    /// </returns>
    /// <exception cref="CallGateUnavailableException">The gate's store did not answer (see the exception's remarks).</exception>
    public ValueTask<bool> ReleaseAsync(CancellationToken cancellationToken = default) =>
        _gate is null ? ValueTask.FromResult(false) : _gate.ReleaseAsync(this, cancellationToken);

    /// <summary>Whether two values are the same lease.</summary>
    /// <param name="other">Another lease.</param>
    /// <returns>True for the same gate, account, environment and lease id.</returns>
    public bool Equals(CallLease other) =>
        ReferenceEquals(_gate, other._gate) && Account == other.Account && Environment == other.Environment && Id == other.Id;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CallLease other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_gate, Account, Environment, Id);

    /// <summary>The lease for logs.</summary>
    /// <returns>For example <c>lease 0196… in environment 0196…</c>.</returns>
    public override string ToString() => IsAdmitted ? $"lease {Id} in environment {Environment}" : "no lease";

    /// <summary>Whether two values are the same lease.</summary>
    /// <param name="left">One lease.</param>
    /// <param name="right">Another lease.</param>
    /// <returns>True when they are the same lease.</returns>
    public static bool operator ==(CallLease left, CallLease right) => left.Equals(right);

    /// <summary>Whether two values are different leases.</summary>
    /// <param name="left">One lease.</param>
    /// <param name="right">Another lease.</param>
    /// <returns>True when they are not the same lease.</returns>
    public static bool operator !=(CallLease left, CallLease right) => !left.Equals(right);
}
