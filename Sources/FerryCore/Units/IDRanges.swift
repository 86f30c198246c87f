/// Transfer ids as a person reads a long list of them: runs of consecutive ids as ranges
/// ("66-302, 310"). `ferry pause --all` on 199 transfers printed every id on one line.
public enum IDRanges {
    public static func text(_ ids: [Int64]) -> String {
        var runs: [(first: Int64, last: Int64)] = []
        for id in ids.sorted() {
            if let last = runs.last?.last, id == last + 1 {
                runs[runs.count - 1].last = id
            } else if runs.last?.last != id {
                runs.append((id, id))
            }
        }
        return runs.map { $0.first == $0.last ? "\($0.first)" : $0.last == $0.first + 1 ? "\($0.first), \($0.last)" : "\($0.first)-\($0.last)" }
            .joined(separator: ", ")
    }
}
