/// A small box over the list that takes the keys until Enter or Esc.
public enum Dialog: Sendable, Equatable {
    /// A path to upload; Tab completes it. `choices`: what the last completion offered.
    case add(TextField, choices: [String])
    /// A cap and where to save it; Tab moves between the two.
    case get(cap: TextField, destination: TextField, onDestination: Bool)
    /// Remove this transfer? (y/Enter, n/Esc). An unfinished download names its part file
    /// (`partFile`), which `y` keeps and `x` deletes.
    case remove(id: Int64, name: String, partFile: String? = nil)
    /// A rate limit for one transfer (nil: all), e.g. "2M"; empty or 0: none. Tab switches.
    case rateLimit(target: Int64?, TextField)
}
