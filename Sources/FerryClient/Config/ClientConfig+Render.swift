import FerryCore
import FerryStorage

extension ClientConfig {
    /// The file's text: every setting, with what it means.
    public func render() -> String {
        """
        # Ferry client settings. Environment overrides for scripts: FERRY_HELPER,
        # FERRY_HELPER_TOKEN, FERRY_STORAGE (NURLs separated by commas), FERRY_CONFIG (this file).

        [grid]
        # The upload helper's NURL. Empty: Ferry runs its own grid on loopback (one helper,
        # five storage servers; `ferry grid status`).
        helper = "\(helper?.description ?? "")"
        # A bearer token the helper's operator gave you (instead of the NURL's secret).
        helper_token = "\(helperToken ?? "")"
        # Storage servers to download from (NURLs).
        storage = \(ConfigValue.render(storage.map { $0.description }))

        [client]
        # Mixed into each file's key: files uploaded with the same secret get the same cap,
        # and are stored once. Keep it private (this file is created mode 0600).
        convergence_secret = "\(convergenceSecret.base32)"

        [encoding]
        # Any `needed` of `total` shares rebuild a file; an upload succeeds once shares sit
        # on `happy` different servers (the embedded grid has five: it asks for at most 5).
        # needed, total and segment_size enter the key: changing them changes the caps of
        # new uploads.
        needed = \(encoding.needed)
        happy = \(encoding.happy)
        total = \(encoding.total)
        segment_size = "\(ByteSize.format(UInt64(encoding.maxSegmentSize)))"

        [transfers]
        # A connection silent this long (s, m, h) is dropped and the transfer resumes.
        idle_timeout = "\(TimeSpan.format(idleTimeout))"
        # Transfers running at once; the others wait their turn.
        maximum_active = \(maximumActive)
        # Bytes per second for all transfers together ("10M", "500K": 1024-based, as in
        # curl; "10MB" for 10,000,000); 0: no limit. Transfers running together split it
        # evenly. Each ferry process keeps its own: the agent for its queue, a `get -o -`
        # or a ferry run without the agent for what it runs.
        rate_limit = "\(ByteSize.formatRate(rateLimit))"

        [retry]
        # After a failure: wait a random time up to initial_delay, doubling the ceiling
        # after each further failure up to maximum_delay; progress starts over. maximum_tries
        # failures in a row give up (0: never give up).
        initial_delay = "\(TimeSpan.format(UInt64(retry.initialDelay)))"
        maximum_delay = "\(TimeSpan.format(UInt64(retry.maximumDelay)))"
        maximum_tries = \(retry.maximumTries ?? 0)

        """
    }

    /// `environment`'s overrides applied: FERRY_HELPER, FERRY_HELPER_TOKEN, FERRY_STORAGE.
    public func overridden(by environment: [String: String]) throws(ConfigError) -> ClientConfig {
        var config = self
        if let text = environment["FERRY_HELPER"] {
            do { config.helper = text.isEmpty ? nil : try NURL(parsing: text) } catch {
                throw .badValue(key: "FERRY_HELPER", reason: "not a NURL: \(text)")
            }
        }
        if let token = environment["FERRY_HELPER_TOKEN"] { config.helperToken = token.isEmpty ? nil : token }
        if let list = environment["FERRY_STORAGE"] {
            config.storage = []
            for text in list.split(whereSeparator: { $0 == "," || $0 == " " }) {
                do { config.storage.append(try NURL(parsing: String(text))) } catch {
                    throw .badValue(key: "FERRY_STORAGE", reason: "not a NURL: \(text)")
                }
            }
        }
        return config
    }
}
