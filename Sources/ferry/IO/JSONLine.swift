import Foundation

/// `object` as one line of JSON, keys sorted (what `--json` and `ls --json` print, stable for
/// scripts and tests); nil when it holds something JSON cannot say.
func jsonLine(_ object: [String: Any]) -> String? {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return nil }
    return String(decoding: data, as: UTF8.self)
}
