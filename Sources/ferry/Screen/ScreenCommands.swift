import FerryAgent
import FerryClient
import FerryTUI
import Foundation

/// Runs what the screen asks of the agent; failures come back as a status-bar message.
enum ScreenCommands {
    /// `silent`: the pid of the agent attached to when it has stopped answering (nothing is
    /// sent: it would act whenever the agent goes on, long after the key).
    static func run(_ command: Command, on agent: AgentClient?, silent: Int32? = nil, post: @Sendable (Message) -> Void) async {
        var request: AgentCommand
        var more: [AgentCommand] = []  // the other files a pattern names, added after the first
        var typed: Dialog?  // an add's dialog, opened again with what was typed if it cannot be sent
        var matched: (typed: String, skipped: String)?  // a pattern's, said once all are sent
        switch command {
        case .pause(let id): request = .pause(id: id)
        case .resume(let id): request = .resume(id: id)
        case .pauseAll: request = .pauseAll
        case .resumeAll: request = .resumeAll
        case .addUpload(let path):
            // Said at once, and nothing queued, when the file cannot be read (a typo).
            let file = absolute(path)
            let dialog = Dialog.add(TextField(path), choices: [])
            typed = dialog
            if FileGlob.isPattern(path), PathKind(of: file, following: true) == .absent {
                // A pattern (no file has that very name): each regular file it names, in order.
                let (files, skipped) = matchingFiles(FileGlob.pattern(path, home: PathCompletion.home, current: FileManager.default.currentDirectoryPath))
                guard let first = files.first else {
                    return post(.refused(dialog, reason: skipped.isEmpty ? "nothing matches \(path)" : "no file to upload matches \(path): \(skipped)"))
                }
                request = .add(request: .upload(path: first), priority: 0)
                more = files.dropFirst().map { .add(request: .upload(path: $0), priority: 0) }
                matched = (path, skipped)
                break
            }
            do { _ = try UploadSource(path: file) } catch { return post(.refused(dialog, reason: "\(error)")) }
            request = .add(request: .upload(path: file), priority: 0)
        case .addDownload(let cap, let destination):
            // Said at once, and nothing queued, for a cap that cannot be read or a directory
            // that does not exist.
            var file = absolute(destination)
            do throws(TransferError) {
                if destination.trimmingCharacters(in: .whitespaces) == "-" {  // it made a file named "-"
                    throw .file(code: "file.not_regular", message: "the screen saves to files; `ferry get CAP -o -` in a shell writes to standard output")
                }
                let parsed = try DownloadCheck.cap(cap)
                let journal = try? Journal(path: ClientPaths(environment: ProcessInfo.processInfo.environment).journal)
                file = try DownloadCheck.named(file, cap: parsed.description, journal: journal)
                try DownloadCheck.destination(file)
                // No --force here: what is there stays (a Get over a file replaced it unasked).
                let kind = PathKind(of: file, following: false)
                if !kind.replaceable {
                    throw .file(code: "file.not_regular", message: "\(file) is a pipe or a device; the screen saves to files (`ferry get CAP -o \(file)` in a shell writes to it)")
                }
                if kind != .absent {
                    throw .file(code: "file.exists", message: "\(file) exists; give another name, or remove it first")
                }
                try DownloadCheck.writable(beside: file)
            } catch {
                return post(.refused(.get(cap: TextField(cap), destination: TextField(destination), onDestination: error.code.hasPrefix("file.")),
                                     reason: "\(error)"))
            }
            request = .add(request: .download(cap: cap, destination: file), priority: 0)
            typed = .get(cap: TextField(cap), destination: TextField(destination), onDestination: true)
        case .remove(let id): request = .remove(id: id)
        case .discard(let id): request = .discard(id: id)
        case .setPriority(let id, let priority): request = .setPriority(id: id, priority: priority)
        case .setRateLimit(let id, let bytes): request = .setRateLimit(id: id, bytesPerSecond: bytes)
        case .copy, .complete, .quit: return
        }
        if let silent {
            return post(.unattached("not sent: the agent (pid \(silent)) is not answering", reopen: typed))  // nothing typed is lost
        }
        guard let agent else {
            let text = "not attached to the agent: a new one is started when one ends; after `ferry agent stop`, run `ferry agent start` in a shell"
            return post(.unattached(text, reopen: typed))  // nothing typed is lost
        }
        do {
            let result = try await agent.request(request)
            if case .add = request, let transfer = result.transfer {
                post(.added(transfer.id))  // the screen selects it
                if result.existing == true, matched == nil {  // the same file or cap and path: not queued twice
                    post(.notice("\(transfer.entry.request.name) is already in the queue (#\(transfer.id))"))
                }
            }
            guard let matched else { return }
            // What a pattern did, counted from the agent's answers ("added 3" said of three
            // already in the queue, and a failure midway said nothing of the ones before).
            var (sent, existing) = (1, result.existing == true ? 1 : 0)
            do {
                for request in more {
                    if try await agent.request(request).existing == true { existing += 1 }
                    sent += 1
                }
            } catch {
                return post(.failed("\(sent) of the \(1 + more.count) files matching \(matched.typed) went in, then: \(error)"))
            }
            post(.notice(patternAdded(typed: matched.typed, count: sent, existing: existing, skipped: matched.skipped)))
        } catch {
            post(.failed("\(error)"))
        }
    }

    /// What a pattern's adds come to: "added 3 files matching *.mkv (1 was already in the
    /// queue); left out 1 folder".
    static func patternAdded(typed: String, count: Int, existing: Int, skipped: String) -> String {
        let files = count == 1 ? "file" : "files"
        let what = existing == count ? "\(count == 1 ? "the" : "all \(count)") \(files) matching \(typed) \(count == 1 ? "is" : "are") already in the queue"
            : "added \(count - existing) \(count - existing == 1 ? "file" : "files") matching \(typed)"
                + (existing == 0 ? "" : " (\(existing) \(existing == 1 ? "was" : "were") already in the queue)")
        return what + (skipped.isEmpty ? "" : "; left out \(skipped)")
    }

    /// The regular files `pattern` names that can be uploaded, and what was left out and why
    /// ("2 folders, 1 unreadable"): a pattern over a folder names its subfolders too.
    static func matchingFiles(_ pattern: String) -> (files: [String], skipped: String) {
        let (paths, notUTF8) = FileGlob.matches(pattern)
        var files: [String] = [], directories = 0, unreadable = 0
        for path in paths {
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { directories += 1; continue }
            if (try? UploadSource(path: path)) == nil { unreadable += 1; continue }
            files.append(path)
        }
        let counts = [(directories, "folder", "folders"), (unreadable, "unreadable", "unreadable"), (notUTF8, "not UTF-8", "not UTF-8")]
        let skipped = counts.filter { $0.0 > 0 }.map { "\($0.0) \($0.0 == 1 ? $0.1 : $0.2)" }.joined(separator: ", ")
        return (files, skipped)
    }

    /// `~` expanded, relative paths made absolute (the agent runs in another directory).
    static func absolute(_ path: String) -> String {
        let expanded = path.hasPrefix("~") ? PathCompletion.home + path.dropFirst() : path
        let absolute = URL(fileURLWithPath: expanded).standardizedFileURL.path
        return path.hasSuffix("/") && !absolute.hasSuffix("/") ? absolute + "/" : absolute  // a directory was meant
    }
}
