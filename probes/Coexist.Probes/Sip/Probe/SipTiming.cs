namespace Coexist.Probes.Sip.Probe;

/// <summary>
/// The timers of RFC 3261 §17.1 as the probe uses them, and how much of a check's deadline each exchange may
/// take. A probe cannot wait RFC 3261's 32 s per transaction inside a 10 s check, so every wait is the smaller
/// of the RFC's timer and its share of the deadline; the shares leave room for the name lookups before and the
/// clean-up of a call after.
/// </summary>
public static class SipTiming
{
    /// <summary>RFC 3261 §17.1.1.1: T1, the round-trip estimate, 500 ms; the first retransmission interval over UDP.</summary>
    public static readonly TimeSpan T1 = TimeSpan.FromMilliseconds(500);

    /// <summary>RFC 3261 §17.1.2.2: T2, 4 s, the longest retransmission interval of a non-INVITE request.</summary>
    public static readonly TimeSpan T2 = TimeSpan.FromSeconds(4);

    /// <summary>RFC 3261 §17.1.1.2 and §17.1.2.2: Timer B and Timer F, 64*T1, the longest a transaction lasts.</summary>
    public static readonly TimeSpan TransactionTimeout = 64 * T1;

    /// <summary>Of the check's deadline, the share one OPTIONS exchange (connection and transaction) may take.</summary>
    public const double OptionsShareOfDeadline = 0.6;

    /// <summary>Of the check's deadline, the share an INVITE may wait for its first answer before it is given up.</summary>
    public const double InviteShareOfDeadline = 0.5;

    /// <summary>
    /// Of the check's deadline, the share the clean-up of a call (CANCEL and its 487, or ACK and BYE) may take,
    /// at most <see cref="T2"/>: over UDP that is 3 or 4 sends of each request (0, 0.5, 1.5, 3.5 s).
    /// </summary>
    public const double CleanupShareOfDeadline = 0.3;

    /// <summary>On the dual path over UDP, the least time each address gets before the next is tried (two sends).</summary>
    public static readonly TimeSpan LeastDualAttempt = 2 * T1;

    public static TimeSpan OptionsBudget(TimeSpan checkTimeout) => Min(TransactionTimeout, checkTimeout * OptionsShareOfDeadline);

    public static TimeSpan InviteBudget(TimeSpan checkTimeout) => Min(TransactionTimeout, checkTimeout * InviteShareOfDeadline);

    public static TimeSpan CleanupBudget(TimeSpan checkTimeout) => Min(T2, checkTimeout * CleanupShareOfDeadline);

    /// <summary>
    /// The next retransmission interval of a request over UDP: doubled each time (Timer A, Timer E), a non-INVITE
    /// request's capped at <see cref="T2"/>, and at T2 once a provisional response came (RFC 3261 §17.1.2.2).
    /// </summary>
    public static TimeSpan NextInterval(TimeSpan interval, bool invite, bool provisionalSeen) =>
        invite ? interval * 2 : provisionalSeen ? T2 : Min(interval * 2, T2);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
