#if canImport(Glibc)
import Glibc
#endif

/// A line of a node's log (a storage server's or the helper's standard error), stamped with
/// the time in UTC: an operator's `helper.log` said what happened but never when.
public enum NodeLog {
    /// Writes `2026-12-01T01:15:02Z <line>` to standard error (`descriptor`, for tests);
    /// `seconds` since 1970 (now, unless given).
    public static func write(_ line: String, seconds: Int? = nil, descriptor: Int32 = 2) {
        StandardError.write(stamp(seconds ?? time(nil)) + " " + line + "\n", descriptor: descriptor)
    }

    /// ISO 8601 in UTC, to the second.
    static func stamp(_ seconds: Int) -> String {
        var time = time_t(seconds), parts = tm()
        gmtime_r(&time, &parts)
        let two = { (value: Int32) in value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
