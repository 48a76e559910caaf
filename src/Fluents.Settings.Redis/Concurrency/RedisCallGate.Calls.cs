using System.Collections.Concurrent;
using Fluents.Settings.Concurrency;
using Fluents.Settings.Environments;
using StackExchange.Redis;

namespace Fluents.Settings.Redis.Concurrency;

public sealed partial class RedisCallGate
{
    /// <summary>The most admissions and releases one <c>calls.lua</c> takes.</summary>
    internal const int MostCallsPerBatch = 256;

    // Admissions and releases of one account go to Redis through its queue: while the account is quiet, each is sent at
    // once, alone (one EVALSHA); while one batch is on its way, the next operations wait for it and then go together, in
    // order, in one script. Each still takes exactly one round trip, and many callers of a busy account cost the server
    // (and this process) one script call instead of one each.
    private async Task<CallReply> CallAsync(AccountCalls account, char kind, EnvironmentId environment, CallLeaseId lease, CancellationToken cancellationToken)
    {
        var call = new PendingCall(kind, environment, lease);
        bool send;
        lock (account.QueueLock)
        {
            account.Queue.Add(call);
            send = !account.Sending;
            account.Sending = true;
        }

        if (send) _ = SendQueuedAsync(account);
        try
        {
            return await call.Task.WaitAsync(_operationTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is TimeoutException or OperationCanceledException)
        {
            // Not sent yet: it never will be. Sent: an admission of a lease nobody can retry is released once its answer
            // says it was taken (a named lease is left to the caller, who may retry it).
            if (!call.TryAbandon() && kind == PendingCall.Admit) ReleaseWhenTaken(account, call.Task, environment, lease);
            throw;
        }
    }

    private async Task SendQueuedAsync(AccountCalls account)
    {
        while (true)
        {
            PendingCall[] batch;
            lock (account.QueueLock)
            {
                if (account.Queue.Count == 0)
                {
                    account.Sending = false;
                    return;
                }

                var take = Math.Min(account.Queue.Count, MostCallsPerBatch);
                batch = [.. account.Queue.GetRange(0, take).Where(call => call.TryMarkSent())];
                account.Queue.RemoveRange(0, take);
            }

            if (batch.Length == 0) continue;
            var arguments = new RedisValue[2 + (3 * batch.Length)];
            arguments[0] = _leaseTimeToLive;
            arguments[1] = _keyTimeToLive;
            for (var i = 0; i < batch.Length; i++)
            {
                arguments[2 + (3 * i)] = batch[i].KindValue;
                arguments[3 + (3 * i)] = GateKeys.Id(batch[i].Environment.Value);
                arguments[4 + (3 * i)] = GateKeys.Id(batch[i].Lease.Value);
            }

            var pending = EvaluateAsync(GateScripts.Calls, account.Keys, arguments);
            try
            {
                var reply = (long[])(await WithTimeout(pending, CancellationToken.None).ConfigureAwait(false))!;
                for (var i = 0; i < batch.Length; i++)
                {
                    var at = 1 + (5 * i);
                    batch[i].TrySetResult(new CallReply(reply[at], (int)reply[at + 1], (int)reply[at + 2], (int)reply[at + 3], (int)reply[at + 4], (reply[0] * 1_000) + i));
                }
            }
            catch (Exception failure)
            {
                foreach (var call in batch) call.TrySetException(failure);
                if (failure is TimeoutException) ReleaseWhenAnswered(account, pending, batch);
            }
        }
    }

    // A batch whose answer came too late: the admissions it took that nobody can retry are given back when it arrives.
    private void ReleaseWhenAnswered(AccountCalls account, Task<RedisResult> pending, PendingCall[] batch)
    {
        _ = ReleaseAsync();

        async Task ReleaseAsync()
        {
            try
            {
                var reply = (long[])(await pending.ConfigureAwait(false))!;
                for (var i = 0; i < batch.Length; i++)
                {
                    if (batch[i].Kind == PendingCall.Admit && reply[1 + (5 * i)] == 0)
                        _ = CallAsync(account, PendingCall.Release, batch[i].Environment, batch[i].Lease, CancellationToken.None);
                }
            }
            catch (Exception)
            {
                // Never answered: whatever it took expires by itself (nobody renews it).
            }
        }
    }

    private void ReleaseWhenTaken(AccountCalls account, Task<CallReply> answer, EnvironmentId environment, CallLeaseId lease)
    {
        _ = ReleaseAsync();

        async Task ReleaseAsync()
        {
            try
            {
                if ((await answer.ConfigureAwait(false)).Outcome == 0) await CallAsync(account, PendingCall.Release, environment, lease, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Failed or never answered: whatever it took expires by itself (nobody renews it).
            }
        }
    }

    /// <summary>One account's state on this host: its keys, the leases it holds here (what it renews), its queue.</summary>
    private sealed class AccountCalls(RedisKey[] keys)
    {
        /// <summary>The limits, then the leases.</summary>
        public RedisKey[] Keys { get; } = keys;

        /// <summary>The leases this host holds in the account, and their environments: what it renews.</summary>
        public ConcurrentDictionary<CallLeaseId, EnvironmentId> Leases { get; } = new();

        public Lock Lock { get; } = new();

        public bool Retired { get; set; }

        public Lock QueueLock { get; } = new();

        public List<PendingCall> Queue { get; } = [];

        public bool Sending { get; set; }
    }

    /// <summary>An admission or release waiting for its batch's answer.</summary>
    private sealed class PendingCall(char kind, EnvironmentId environment, CallLeaseId lease)
        : TaskCompletionSource<CallReply>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public const char Admit = 'a', AdmitNamed = 'n', Release = 'r';
        private static readonly RedisValue AdmitValue = "a", AdmitNamedValue = "n", ReleaseValue = "r";

        private int _state; // 0 queued, 1 sent, 2 abandoned by its caller before it was sent

        public char Kind { get; } = kind;

        public RedisValue KindValue => Kind switch { Admit => AdmitValue, AdmitNamed => AdmitNamedValue, _ => ReleaseValue };

        public EnvironmentId Environment { get; } = environment;

        public CallLeaseId Lease { get; } = lease;

        public bool TryMarkSent() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public bool TryAbandon() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;
    }

    /// <summary>One operation's answer from <c>calls.lua</c>; <see cref="ServerOrder"/> is the server time in µs × 1,000 plus its position in its batch.</summary>
    private readonly record struct CallReply(long Outcome, int EnvironmentCalls, int EnvironmentLimit, int PlanCalls, int PlanLimit, long ServerOrder);
}
