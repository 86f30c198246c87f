import ArgumentParser
import FerryClient
import Foundation

/// `ferry grid start|stop|status`: the embedded local grid.
struct Grid: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run Ferry's own grid on loopback (used when no helper is configured).",
        discussion: """
            One helper and \(EmbeddedGrid.storageCount) storage servers, each a background process, kept in \
            $XDG_DATA_HOME/ferry/grid (~/.local/share/ferry/grid; FERRY_GRID_DIR overrides). \
            `ferry put` and `ferry get` start it when needed.
            """,
        subcommands: [GridStart.self, GridStop.self, GridStatus.self]
    )

    static var grid: EmbeddedGrid { EmbeddedGrid(directory: ClientPaths(environment: ProcessInfo.processInfo.environment).gridDirectory) }
}

struct GridStart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start the embedded grid (nodes already running are left alone).")

    func run() async throws {
        do {
            let (helper, storage, started) = try await Grid.grid.start()
            // Said on standard error, as `grid stop` says what it stopped; the NURLs stay the
            // output (a user test could not tell what the command had done).
            let total = storage.count + 1
            printError(started == 0 ? "the embedded grid was running already (\(total) nodes)"
                       : started == total ? "started the embedded grid (\(total) nodes)" : "started \(started) of the embedded grid's \(total) nodes (the others were running)")
            for (name, nurl) in [("helper", helper)] + storage.enumerated().map({ ("storage\($0.offset)", $0.element) }) {
                printNow("\(name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(nurl)")
            }
        } catch {
            throw fail(error)
        }
    }
}

struct GridStop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop the embedded grid's nodes.")

    func run() async throws {
        let stopped = await Grid.grid.stop()
        printError(stopped == 0 ? "the embedded grid was not running" : "stopped \(stopped) node\(stopped == 1 ? "" : "s") of the embedded grid")
        // An agent with transfers waiting starts the grid again within seconds (as any command
        // that needs it would): say so, and how to keep it stopped.
        let snapshot = try? await AgentAccess().ifRunning { client, _ in try await client.request(.snapshot).snapshot }
        let waiting = snapshot??.waiting ?? 0
        if stopped > 0, waiting > 0 {
            printError("the agent has \(waiting) transfer\(waiting == 1 ? "" : "s") waiting and starts the grid again for \(waiting == 1 ? "it" : "them"); "
                       + "`ferry pause --all` first (or `ferry agent stop`) keeps it stopped")
        }
    }
}

struct GridStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show which nodes of the embedded grid run.",
                                                    discussion: "Exits 3 when a node is not running (as `systemctl status` does).")

    func run() async throws {
        let nodes = Grid.grid.status()
        for node in nodes {
            printNow("\(node.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(node.running ? "running (pid \(node.pid!))" : "stopped")  \(node.nurl?.description ?? "-")")
        }
        if !nodes.allSatisfy(\.running) { throw ExitCode(3) }
    }
}
