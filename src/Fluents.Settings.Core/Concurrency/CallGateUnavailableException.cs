namespace Fluents.Settings.Concurrency;

/// <summary>
/// An <see cref="ICallGate"/> could not reach its store for an operation that is not an admission (admission returns
/// <see cref="GateUnavailable"/> instead): a release, an apply or a headroom read (R30).
/// </summary>
/// <remarks>
/// After a failed release the lease is no longer renewed by this host, so its place comes back by itself when the lease's
/// time to live runs out; releasing again once the store answers frees it at once. (A release that timed out may still
/// reach the store when the connection comes back; the next release then answers <c>false</c>: either way it is freed
/// once.) A failed apply leaves the previous limits in force, unless it too arrives late; apply again (a version the gate
/// already holds is ignored).
/// </remarks>
public sealed class CallGateUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CallGateUnavailableException()
        : base("The call gate's store is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public CallGateUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The store client's exception, or a <see cref="TimeoutException"/>.</param>
    public CallGateUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
