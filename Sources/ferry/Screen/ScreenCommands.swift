import FerryClient
import FerryTUI
import Foundation

/// Runs what the screen asks of the engine; failures come back as a status-bar message.
enum ScreenCommands {
    static func run(_ command: Command, on engine: TransferEngine, post: @Sendable (Message) -> Void) async {
        do {
            switch command {
            case .pause(let id): await engine.pause(id)
            case .resume(let id): await engine.resume(id)
            case .pauseAll: await engine.pauseAll()
            case .resumeAll: await engine.resumeAll()
            case .addUpload(let path): _ = try await engine.add(.upload(path: absolute(path)))
            case .addDownload(let cap, let destination): _ = try await engine.add(.download(cap: cap, destination: absolute(destination)))
            case .remove(let id): try await engine.remove(id)
            case .setPriority(let id, let priority): await engine.setPriority(id, priority)
            case .setRateLimit(let id?, let bytes): await engine.setRateLimit(id, bytes)
            case .setRateLimit(nil, let bytes): await engine.setRateLimit(bytes)
            case .copy, .complete, .quit: break
            }
        } catch {
            post(.failed("\(error)"))
        }
    }

    /// `~` expanded, relative paths made absolute (the engine may run elsewhere later).
    static func absolute(_ path: String) -> String {
        let expanded = path.hasPrefix("~") ? NSHomeDirectory() + path.dropFirst() : path
        return URL(fileURLWithPath: expanded).standardizedFileURL.path
    }
}
