import HTTPServerKit
import Synchronization

/// A service the bot calls, played on a loopback port: the skeleton every fake is built on
/// (Shauryapay, bhashsms, the Graph API, Interakt). A fake is a `State` (its books, what it
/// recorded, its `FakeScript`s) and a `respond` function over it. This class runs the server,
/// keeps the state behind one lock, collects the contract problems the fake finds (every test
/// expects none) and holds answers back while a gate is closed.
package final class LoopbackFake<State: Sendable>: Sendable {
    package typealias Respond = @Sendable (LoopbackFake<State>, HTTPRequest) async -> HTTPResponse

    private struct Gate {
        var closed = false
        var waiting = 0
        /// Tickets handed out and passed: answers leave a gate in the order they reached it.
        var issued = 0
        var passed = 0
    }

    private let state: Mutex<State>
    private let problemLog = Mutex<[String]>([])
    private let gates = Mutex<[String: Gate]>([:])
    private let server = Mutex<HTTPServer?>(nil)

    /// Starts listening on 127.0.0.1 at a port of the system's choosing.
    package init(_ initial: State, respond: @escaping Respond) throws {
        state = Mutex(initial)
        let configuration = HTTPServerConfiguration(
            host: "127.0.0.1", port: 0, shutdownGracePeriod: .milliseconds(200))
        // Weak: the server lives inside the fake; a fake the test dropped answers no more.
        let server = HTTPServer(configuration: configuration) { [weak self] request in
            guard let self else { return .text("the fake is gone", status: .serviceUnavailable) }
            return await respond(self, request)
        }
        try server.start()
        self.server.withLock { $0 = server }
    }

    /// `http://127.0.0.1:PORT`
    package var root: String {
        "http://127.0.0.1:\(server.withLock { $0?.port ?? 0 })"
    }

    package func stop() async {
        await server.withLock { $0 }?.shutdown()
    }

    /// Reads or changes the state under the lock.
    package func withState<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        try state.withLock { try body(&$0) }
    }

    // MARK: - Contract problems

    /// Notes requests that break the service's contract, as the fake finds them.
    package func report(_ problems: [String]) {
        guard !problems.isEmpty else { return }
        problemLog.withLock { $0 += problems }
    }

    /// Every contract problem found so far.
    package var problems: [String] { problemLog.withLock { $0 } }

    // MARK: - Gates

    /// Closes or opens a gate: while `gate` is closed, answers that `pass` it wait.
    package func hold(_ gate: String, _ closed: Bool) {
        gates.withLock { $0[gate, default: Gate()].closed = closed }
    }

    /// How many answers wait at `gate`.
    package func waiting(at gate: String) -> Int {
        gates.withLock { $0[gate]?.waiting ?? 0 }
    }

    /// Returns when `gate` is open (at once when it is). A caller that gave up meanwhile is
    /// answered into a closed connection, as the real service would.
    package func pass(_ gate: String) async {
        await pass(gate) {}
    }

    /// Runs `body` (what the answer records) when `gate` is open and every answer that reached
    /// the gate earlier has run its own: released answers are recorded in the order the
    /// requests came, not in the order their waits happen to end.
    package func pass<T>(_ gate: String, then body: () -> T) async -> T {
        let (ticket, held) = gates.withLock { gates -> (Int, Bool) in
            var entry = gates[gate, default: Gate()]
            defer { gates[gate] = entry }
            entry.issued += 1
            if entry.closed { entry.waiting += 1 }
            return (entry.issued - 1, entry.closed)
        }
        while !gates.withLock({ $0[gate]?.closed != true && $0[gate]?.passed == ticket }) {
            try? await Task.sleep(for: .milliseconds(10))
        }
        defer {
            gates.withLock { gates in
                gates[gate]?.passed += 1
                if held { gates[gate]?.waiting -= 1 }
            }
        }
        return body()
    }
}
