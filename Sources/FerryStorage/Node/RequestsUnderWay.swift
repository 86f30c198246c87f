import Synchronization

/// How many requests a node is answering: a node told to stop ends at once when none is
/// under way, rather than waiting out its grace for idle keep-alive connections (every stop
/// and restart took 5 s and said "stopped with requests still under way"; operator test).
/// A request counts until its handler returns: an upload's body has been taken in by then;
/// a download's answer may still be streaming, and a cut download is only resumed.
public enum RequestsUnderWay {
    static let count = Atomic<Int>(0)

    public static var current: Int { count.load(ordering: .acquiring) }
}
