import ArgumentParser
import AsyncHTTPClient
import FerryClient
import FerryStorage
import FerryTUI
import FerryTerminal
import Foundation
import Synchronization

/// `ferry` (or `ferry screen`): the transfer manager screen over the journal's queue.
struct Screen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "The transfer manager screen (what plain `ferry` opens).",
        discussion: """
            Lists every transfer in the queue and takes keys: space pauses or resumes, a adds \
            an upload, g downloads a cap, ? lists every key. The transfers run in the \
            background agent (started if none runs; see `ferry agent`): quitting the screen, \
            closing the terminal or losing the ssh connection leaves them running, and the \
            next screen shows them. Themes: default, light, high-contrast, mono, or a TOML file \
            (see docs/SCREEN.md); NO_COLOR turns colour off.
            """
    )

    @Option(name: .long, help: "A theme: default, light, high-contrast, mono, or a TOML file.") var theme: String?

    func validate() throws {
        // A theme named here is checked before anything starts; one in the config file only
        // makes the status bar say what is wrong with it.
        let configDirectory = (ClientPaths(environment: ProcessInfo.processInfo.environment).config as NSString).deletingLastPathComponent
        if case .failure(let problem) = ThemeChoice.parse(theme, configDirectory: configDirectory) { throw ValidationError(problem.text) }
    }

    func run() async throws {
        do {
            try await open()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }

    private func open() async throws {
        let environment = ProcessInfo.processInfo.environment
        // No terminal, no screen: said before an agent and a grid start for nothing.
        try Terminal.check(environment: environment)
        // The agent first: one that cannot start, or speaks another version, is said
        // plainly before anything else is set up or the terminal changes mode.
        let access = AgentAccess(environment: environment)
        // A new agent starts the embedded grid when it is stopped: said in the status bar.
        let gridDown = EmbeddedGrid(directory: ClientPaths(environment: environment).gridDirectory).status().filter { !$0.running }.count
        _ = try await access.ensure()
        var setup: ClientSetup
        var configProblem: String?
        do {
            setup = try await ClientSetup.load(environment: environment, quietly: true)
            if setup.config.helper == nil { setup.gridStarted = max(setup.gridStarted, gridDown) }
        } catch let error as ConfigError {
            // The agent runs (it read the file before it went wrong, and keeps those settings):
            // the screen opens on its defaults and says what is wrong, rather than shutting the
            // person out of their running transfers over a typo.
            setup = ClientSetup.defaults(environment: environment)
            configProblem = "\(error) (this screen uses the default theme and keys; the agent keeps the settings it has)"
        }
        let http = StorageClient.makeHTTPClient(idleTimeout: setup.idleTimeout)
        do {
            try await show(setup, http: http, environment: environment, configProblem: configProblem)
            await QuickShutdown.run(http)
        } catch {
            await QuickShutdown.run(http)
            throw error
        }
    }

    private func show(_ setup: ClientSetup, http: HTTPClient, environment: [String: String], configProblem: String?) async throws {
        let access = AgentAccess(environment: environment)
        let (chosen, themeProblem) = ThemeChoice.load(theme ?? setup.config.theme,
                                                      configDirectory: (setup.paths.config as NSString).deletingLastPathComponent)
        let (keyMap, keyErrors) = KeyMap.standard.overriding(setup.config.keys)
        let keyProblem = keyErrors.isEmpty ? nil : keyErrors.map { "\($0)" }.joined(separator: "; ") + "; the other keys apply"

        let terminal = try Terminal(environment: environment)
        defer { terminal.stop() }
        let size = terminal.size
        var model = Model(width: size.width, height: size.height, now: Date().timeIntervalSince1970, keyMap: keyMap, unicode: terminal.unicode)
        model.utcOffset = TimeZone.current.secondsFromGMT()
        model.standardInputSpools = StdinSpool.directory(in: setup.paths.stateDirectory) + "/"
        // Every problem at once: one hid the next (a bad theme hid bad keys until the screen was gone).
        let unknownTerm = terminal.standIn.map { "TERM=\(environment["TERM"] ?? "") is not known here; drawn as \($0) (set TERM to the terminal's type)" }
        let problems = [configProblem, themeProblem, keyProblem, unknownTerm].compactMap { $0 }
        if !problems.isEmpty {
            model.message = StatusMessage(problems.joined(separator: "; "), isError: true)
        } else if let notice = setup.gridNotice {
            model.message = StatusMessage(notice, isError: false)
        }

        let link = Mutex<AgentAttachment?>(nil)
        // Commands reach the agent one at a time, in the order given: a task each could
        // overtake one another (a quick pause then resume ending paused).
        let (commands, queue) = AsyncStream<(Command, @Sendable (Message) -> Void)>.makeStream()
        let loop = ScreenLoop(terminal: terminal, theme: chosen, model: model) { command, post in queue.yield((command, post)) }
        let sending = Task {
            for await (command, post) in commands {
                let attachment = link.withLock { $0 }
                // Kept for a new agent only when sent: one refused (no agent, or a silent one)
                // was never in force, and a new agent was told it "applies again".
                if case .setRateLimit(nil, let bytes) = command, attachment?.current != nil, attachment?.notAnswering == nil {
                    attachment?.setHere(rateLimit: bytes)
                }
                await ScreenCommands.run(command, on: attachment?.current, silent: attachment?.notAnswering, post: post)
            }
        }
        let journal = JournalQueue(paths: setup.paths)
        let attachment = AgentAttachment(access: access, journal: { journal.message(afresh: $0) }) { loop.post($0) }
        link.withLock { $0 = attachment }
        let attaching = Task { await attachment.run() }
        // The helper last seen answering, for the count of its servers (asked beside the pings,
        // not between them: a frozen server held a count, and so the next ping, for 4 s).
        let answering = Shared<HelperClient?>(nil)
        let pinging = Task {
            var (nurl, token, helper) = (setup.helper, setup.config.helperToken, setup.helperClient(http: http))
            while !Task.isCancelled {
                // The helper the config names now (the agent follows the file): pinging the one
                // read when the screen opened said "online" beside transfers retrying a new one.
                // A new token for the same helper counts too (it pinged with the old one).
                if let named = HelperInUse.named(environment: environment), named.nurl != nurl || named.token != token {
                    (nurl, token, helper) = (named.nurl, named.token, setup.helperClient(named.nurl, token: named.token, http: http))
                }
                // Asked again each second while it does not answer: "offline" stood for up to
                // 5 s beside transfers moving again once it was back (a user test).
                var answered = true
                do {
                    try await helper?.ping()
                    loop.post(.helper(helper == nil ? .unknown : .online))
                } catch {
                    answered = false
                    loop.post(.helper(.offline("\(error)")))
                }
                answering.set(answered ? helper : nil)
                try? await Task.sleep(for: .seconds(answered ? 5 : 1))
            }
        }
        let counting = Task {
            // Each server asked at once; one that does not answer within the idle timeout
            // counts as down (it held the helper's pings back when asked in the same loop).
            while !Task.isCancelled {
                var health: StorageHealth?
                switch StorageInUse.named(environment: environment) {
                case (.servers(let servers), let happy)?:
                    let answering = await withTaskGroup(of: Bool.self) { group in
                        for nurl in servers {
                            group.addTask { (try? await StorageClient(nurl: nurl, http: http, idleTimeout: setup.idleTimeout).version()) != nil }
                        }
                        return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                    }
                    health = StorageHealth(answering: answering, total: servers.count, happy: happy)
                case (.helper, let happy)?:
                    // Uploads go to the helper's servers alone: it counts them (unknown while it
                    // is away, or from a helper without the resource).
                    if let helper = answering.current, let count = try? await helper.servers() {
                        health = StorageHealth(answering: count.answering, total: count.total, happy: happy)
                    }
                case nil: break
                }
                loop.post(.storage(health))
                try? await Task.sleep(for: .seconds(health.map { $0.answering < $0.total } == true ? 2 : 5))
            }
        }
        let signals = SignalWatch([SIGINT, SIGTERM, SIGHUP]) { loop.post(.key(.control("c"))) }
        await loop.run()
        signals.cancel()
        terminal.stop()
        // Said on the screen in a line that may not have fitted: in full once it is gone.
        for problem in [themeProblem, keyProblem].compactMap({ $0 }) { printError("ferry: \(problem)") }
        // From what the screen last showed: asking a busy (or hung) agent could hold up the exit.
        // Queued ones go on too (with 1 running and 3 queued it said "1 transfer").
        let queued = loop.model.transfers.filter { $0.state == .queued }.count, running = loop.model.activeCount
        if case .attached(let pid) = loop.model.agent, running + queued > 0 {
            let count = running + queued == 1 ? "1 transfer" : "\(running + queued) transfers"
            let split = queued == 0 ? "" : " (\(running) running, \(queued) queued)"
            printError("ferry: the background agent (pid \(pid)) goes on with \(count)\(split); `ferry agent stop` stops it")
        }
        pinging.cancel()
        counting.cancel()
        queue.finish()
        sending.cancel()
        attaching.cancel()
        _ = await attaching.value
    }
}
