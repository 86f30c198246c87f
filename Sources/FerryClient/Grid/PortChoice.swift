/// Where the embedded grid's nodes listen: a port of their own, fixed once chosen, outside
/// the kernel's ephemeral range. A node given "any port" got one from that range, which the
/// kernel also hands to outgoing connections, so a grid restarted while some connection held
/// its old port could not start that node (`node.address_in_use`; it failed a CI run).
public enum PortChoice {
    /// Linux's default ephemeral range, used when the kernel's cannot be read.
    public static let defaultEphemeral = 32768...60999
    /// The lowest port chosen: below it sit most development servers' well-known ports.
    public static let lowest = 20000

    /// Reads `/proc/sys/net/ipv4/ip_local_port_range` ("32768\t60999\n").
    public static func ephemeralRange(parsing text: String) -> ClosedRange<Int>? {
        let numbers = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard numbers.count == 2, numbers[0] <= numbers[1], numbers[0] >= 0, numbers[1] <= 65535 else { return nil }
        return numbers[0]...numbers[1]
    }

    /// The ports from ``lowest`` up that the kernel never gives outgoing connections.
    public static func candidates(avoiding ephemeral: ClosedRange<Int>) -> [ClosedRange<Int>] {
        let bounds = [(lowest, min(ephemeral.lowerBound - 1, 65535)), (max(ephemeral.upperBound + 1, lowest), 65535)]
        return bounds.filter { $0.0 <= $0.1 }.map { $0.0...$0.1 }
    }

    /// One of the candidates, drawn evenly; nil when the ephemeral range leaves none.
    public static func pick(avoiding ephemeral: ClosedRange<Int>, using generator: inout some RandomNumberGenerator) -> Int? {
        let ranges = candidates(avoiding: ephemeral)
        let total = ranges.reduce(0) { $0 + $1.count }
        guard total > 0 else { return nil }
        var index = Int.random(in: 0..<total, using: &generator)
        for range in ranges {
            if index < range.count { return range.lowerBound + index }
            index -= range.count
        }
        return nil
    }
}
