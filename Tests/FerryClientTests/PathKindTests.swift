import FerryClient
import Foundation
import Testing

/// What a download's checks see at a path: the one answer `ferry get`'s `-o`, the screen's
/// Get and the download's own refusal to rename over a device or pipe share.
struct PathKindTests {
    @Test func eachKindOfThingAtAPath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-kind-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (file, link, dangling, pipe, nothing) = (directory + "/file", directory + "/link", directory + "/dangling", directory + "/pipe", directory + "/nothing")
        #expect(FileManager.default.createFile(atPath: file, contents: Data([1, 2, 3])))
        #expect(symlink(file, link) == 0 && symlink(nothing, dangling) == 0 && mkfifo(pipe, 0o600) == 0)

        #expect(PathKind(of: nothing, following: false) == .absent)
        #expect(PathKind(of: file, following: false) == .file)
        #expect(PathKind(of: link, following: false) == .link)
        #expect(PathKind(of: link, following: true) == .file)
        #expect(PathKind(of: dangling, following: false) == .link)
        #expect(PathKind(of: dangling, following: true) == .absent)
        #expect(PathKind(of: pipe, following: false) == .stream)
        #expect(PathKind(of: "/dev/null", following: false) == .stream)
        #expect(PathKind(of: directory, following: false) == .other)

        #expect([PathKind.absent, .file, .link].allSatisfy { $0.replaceable })
        #expect(![PathKind.stream, .other].contains { $0.replaceable })
    }
}
