import FerryTUI
import FerryTerminal
import Foundation
import Synchronization

/// The screen's one thread: reads keys, takes in what other tasks posted (engine events,
/// command results, the helper's status), runs ``Update``, and draws when something
/// changed — engine news at most 30 frames a second, a key at once, nothing at all while
/// idle. Every ncurses call happens here.
final class ScreenLoop: @unchecked Sendable {
    private let terminal: Terminal
    private let theme: Theme
    private let glyphs: Glyphs
    private let perform: @Sendable (Command, @escaping @Sendable (Message) -> Void) -> Void
    private let inbox = Mutex<[Message]>([])
    /// What the screen shows; read it from elsewhere only once ``run()`` has returned.
    private(set) var model: Model
    static let frameInterval = 1.0 / 30

    /// `perform` runs a command against the engine (elsewhere) and posts what comes of it.
    init(terminal: Terminal, theme: Theme, model: Model, perform: @escaping @Sendable (Command, @escaping @Sendable (Message) -> Void) -> Void) {
        self.terminal = terminal
        self.theme = theme
        self.model = model
        self.perform = perform
        glyphs = Glyphs.forTerminal(unicode: terminal.unicode, theme: theme)
    }

    /// Hands a message to the loop (from any thread).
    func post(_ message: Message) {
        inbox.withLock { $0.append(message) }
    }

    /// Hands over messages that belong together: they are taken in before the next frame.
    func post(_ messages: [Message]) {
        inbox.withLock { $0.append(contentsOf: messages) }
    }

    /// Runs on a thread of its own until the person quits; answers then.
    func run() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread { [self] in
                Thread.current.name = "ferry-screen"  // for top -H and Benchmarks/screen.sh
                loop()
                done.resume()
            }
        }
    }

    private func loop() {
        var dirty = true
        // A key or a resize is drawn at once: the frame cap is for engine news, and a person
        // waits on their key (measured by Benchmarks/screen.sh).
        var urgent = false
        var lastFrame = 0.0, lastTick = 0.0
        while !model.quitting {
            // Input already waiting (a pasted cap is a hundred keys) is all taken in before the
            // next frame: a frame per key made a paste crawl onto the screen (~1 s for a cap).
            var input = terminal.read(timeout: dirty ? 5 : 100)
            while input != .none, !model.quitting {
                switch input {
                case .key(let key): apply(.key(key))
                case .resize(let width, let height): apply(.resize(width: width, height: height))
                // Nobody is left to ask: quit as Ctrl-C does (transfers go on in the agent).
                case .closed: apply(.key(.control("c")))
                case .none: break
                }
                (dirty, urgent) = (true, true)
                input = terminal.read(timeout: 0)
            }
            let now = Date().timeIntervalSince1970
            let messages = inbox.withLock { messages in defer { messages.removeAll() }; return messages }
            // The clock moves for log times always, and redraws only for countdowns.
            if !messages.isEmpty || now - lastTick >= 1 {
                let shown = model.message
                _ = Update.update(&model, .tick(now))
                if !model.retryAt.isEmpty, now - lastTick >= 1 { dirty = true }
                if model.message != shown { dirty = true }  // a notice that has had its time
                lastTick = now
            }
            for message in messages { apply(message) }
            if !messages.isEmpty { dirty = true }
            if dirty, urgent || now - lastFrame >= Self.frameInterval {
                terminal.draw(View.render(model, glyphs: glyphs), theme: theme)
                lastFrame = now
                (dirty, urgent) = (false, false)
            }
        }
    }

    /// Updates the model; runs the commands that need this thread (the clipboard, path
    /// completion) here and hands the rest on.
    private func apply(_ message: Message) {
        let commands = Update.update(&model, message)
        for command in commands {
            switch command {
            case .copy(let text): terminal.copy(text)
            case .complete(let prefix):
                let found = PathCompletion.candidates(prefix)
                apply(.completed(prefix: prefix, candidates: found.paths, notUTF8: found.notUTF8))
            case .quit: break
            default: perform(command) { [weak self] message in self?.post(message) }
            }
        }
    }
}
