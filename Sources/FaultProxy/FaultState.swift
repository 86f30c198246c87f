/// The pure core of a ``FaultProxy``: given the plan, the bytes carried so far and the
/// time, how much of a read may be forwarded now, and whether the connection is cut after
/// it. Every pump asks before it writes, so a stall or a bandwidth limit holds both ways.
public struct FaultState: Sendable {
    public var plan: FaultPlan {
        didSet { nextCut = plan.cutEvery.map { (forwarded / $0 + 1) * $0 } }
    }
    /// Bytes forwarded, both ways, over every connection.
    public private(set) var forwarded: UInt64 = 0
    /// Connections cut so far.
    public private(set) var cuts = 0
    private var nextCut: UInt64?
    private var stalledUntil: Double = 0
    private var stallsDone = 0
    /// Bandwidth credit in bytes, and when it was last topped up.
    private var credit: Double = 0
    private var creditTime: Double?

    public enum Admission: Equatable, Sendable {
        /// Try again after this many seconds.
        case wait(Double)
        /// Forward this many bytes; then cut the connection if `cut`.
        case pass(Int, cut: Bool)
    }

    public init(plan: FaultPlan) {
        self.plan = plan
        nextCut = plan.cutEvery
    }

    /// Whether a connection opened now is refused.
    public func refuses(now: Double) -> Bool {
        plan.refuseUntil.map { now < $0 } ?? false
    }

    /// Counts connections cut from outside the plan.
    public mutating func countCuts(_ count: Int) {
        cuts += count
    }

    /// How much of `count` waiting bytes may go now.
    public mutating func admit(_ count: Int, now: Double) -> Admission {
        if now < stalledUntil { return .wait(stalledUntil - now) }
        var allowed = UInt64(count)
        let stalls = plan.stalls.sorted { $0.afterBytes < $1.afterBytes }
        if stallsDone < stalls.count {
            let mark = stalls[stallsDone].afterBytes
            if forwarded >= mark {
                stallsDone += 1
                stalledUntil = now + stalls[stallsDone - 1].seconds
                return .wait(stalls[stallsDone - 1].seconds)
            }
            allowed = min(allowed, mark - forwarded)
        }
        if let nextCut { allowed = min(allowed, nextCut - forwarded) }
        if let rate = plan.bytesPerSecond {
            let last = creditTime ?? now
            credit = min(credit + (now - last) * rate, max(rate / 10, 16384))
            creditTime = now
            guard credit >= 1 else { return .wait(min(0.1, (1 - credit) / rate + 0.001)) }
            allowed = min(allowed, UInt64(credit))
            credit -= Double(allowed)
        }
        forwarded += allowed
        var cut = false
        if let next = nextCut, forwarded == next, let every = plan.cutEvery {
            cut = true
            cuts += 1
            nextCut = next + every
        }
        return .pass(Int(allowed), cut: cut)
    }
}
