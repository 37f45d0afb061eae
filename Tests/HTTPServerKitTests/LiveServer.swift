import Dispatch
import Foundation
import HTTPServerKit
import Synchronization
import TestKit

/// Runs blocking work (raw sockets) on a thread of its own, so it never occupies one of the
/// few cooperative threads the rest of the test run needs. It stays in the calling task, so
/// `#expect` inside `body` is reported against the running test.
func blocking<T: Sendable>(_ body: @Sendable () throws -> T) async throws -> T {
    try await withTaskExecutorPreference(BlockingExecutor()) { try body() }
}

/// Runs jobs on a queue with no target: libdispatch gives such (overcommit) queues a thread
/// of their own when their work blocks.
private final class BlockingExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "test.blocking")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Values recorded as they happen, and tasks waiting for one that matches: the readiness
/// signal used instead of sleeping.
final class Recorder<Value: Sendable>: Sendable {
    private struct Waiter {
        let predicate: @Sendable (Value) -> Bool
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var values: [Value] = []
        var waiters: [Int: Waiter] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    var values: [Value] { state.withLock { $0.values } }

    func record(_ value: Value) {
        let ready = state.withLock { state -> [Waiter] in
            state.values.append(value)
            let matching = state.waiters.filter { $0.value.predicate(value) }
            for id in matching.keys { state.waiters[id] = nil }
            return Array(matching.values)
        }
        ready.forEach { $0.continuation.resume(returning: true) }
    }

    /// Waits until a value matching `predicate` has been recorded (including earlier ones);
    /// false when none came within `timeout`, which is generous: it only bounds a failure.
    func wait(
        timeout: Duration = .seconds(20), for predicate: @escaping @Sendable (Value) -> Bool
    ) async -> Bool {
        await withCheckedContinuation { continuation in
            let id = state.withLock { state -> Int? in
                if state.values.contains(where: predicate) { return nil }
                let id = state.nextID
                state.nextID += 1
                state.waiters[id] = Waiter(predicate: predicate, continuation: continuation)
                return id
            }
            guard let id else {
                continuation.resume(returning: true)
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
                waiter?.continuation.resume(returning: false)
            }
        }
    }
}

/// The server's events, for a test to wait for one.
typealias EventRecorder = Recorder<HTTPServerEvent>

extension Recorder<HTTPServerEvent> {
    var events: [HTTPServerEvent] { values }

    /// The highest open-connection count any event reported.
    var peakOpenConnections: Int {
        events.reduce(0) { peak, event in
            if case .connectionOpened(let open) = event { return max(peak, open) }
            return peak
        }
    }
}

/// A one-shot signal a handler fires and a test awaits (or the other way round).
final class Signal: Sendable {
    private let fired = Recorder<Bool>()

    func fire() {
        fired.record(true)
    }

    /// Waits for `fire()`; false after `timeout` (a bound on failure, not a sync point).
    func wait(timeout: Duration = .seconds(20)) async -> Bool {
        await fired.wait(timeout: timeout) { _ in true }
    }
}

/// A real `HTTPServer` on an ephemeral loopback port with a small route table.
struct LiveServer: Sendable {
    let server: HTTPServer
    let events: EventRecorder
    /// Fired by `GET /slow` once its handler runs.
    let slowStarted: Signal
    /// `GET /slow` finishes only after this fires (or after 20 s), and after sleeping 500 ms.
    let slowRelease: Signal

    var port: Int { server.port }

    /// What `/protected` wants after `Authorization: Bearer `.
    static let token = "let-me-in"
    /// The body limit of `POST /small`.
    static let smallBodyLimit = 64

    static func start(_ configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws -> LiveServer {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configure(&configuration)
        let events = EventRecorder()
        let slowStarted = Signal()
        let slowRelease = Signal()
        let router = makeRouter(slowStarted: slowStarted, slowRelease: slowRelease)
        let server = HTTPServer(configuration: configuration, onEvent: { events.record($0) }, responder: router)
        try server.start()
        return LiveServer(server: server, events: events, slowStarted: slowStarted, slowRelease: slowRelease)
    }

    /// Starts a server, runs `body`, and shuts the server down even when `body` throws.
    static func with(
        _ configure: (inout HTTPServerConfiguration) -> Void = { _ in },
        _ body: (LiveServer) async throws -> Void
    ) async throws {
        let live = try start(configure)
        try await tryFinally {
            try await body(live)
        } finally: {
            live.slowRelease.fire()
            await live.server.shutdown()
        }
    }

    /// Starts a server, runs `exchange` with a raw client connected to it, then shuts the
    /// server down.
    static func withClient(
        _ configure: (inout HTTPServerConfiguration) -> Void = { _ in }, receiveBuffer: Int32? = nil,
        _ exchange: @Sendable (RawClient) throws -> Void
    ) async throws {
        try await with(configure) { live in try await live.withClient(receiveBuffer: receiveBuffer, exchange) }
    }

    /// Connects a raw client and runs `exchange` with it on a thread of its own (raw sockets
    /// block); more clients can connect to `client.port`.
    @discardableResult
    func withClient<T: Sendable>(
        receiveBuffer: Int32? = nil, _ exchange: @Sendable (RawClient) throws -> T
    ) async throws -> T {
        let port = port
        return try await blocking { try exchange(RawClient(port: port, receiveBuffer: receiveBuffer)) }
    }

    /// Connects a raw client, sends `request` and returns the client, whose answer is read later.
    func connect(sending request: String) async throws -> RawClient {
        try await withClient { client in
            try client.send(request)
            return client
        }
    }

    private static func makeRouter(slowStarted: Signal, slowRelease: Signal) -> Router {
        var router = Router()
        router.add(.get, "/hello") { _ in .text("hello") }
        router.add(.post, "/echo") { request in
            var response = HTTPResponse(status: .ok, body: request.body)
            response.headers.add(
                name: "Content-Type", value: request.headers["Content-Type"] ?? "application/octet-stream")
            return response
        }
        router.add(.get, "/items/{id}") { request in .text("item \(request.parameter("id"))") }
        router.add(.put, "/items/{id}") { request in .text("put \(request.parameter("id"))") }
        router.add(.get, "/id") { request in .text(request.requestID) }
        router.add(.get, "/big/{megabytes}") { request in
            let megabytes = Int(request.parameter("megabytes")) ?? 1
            return HTTPResponse(body: patternBytes(megabytes << 20))
        }
        // Protected by a token checked from the head, as an application's credentials are.
        let checkToken: Router.HeadCheck = { head in
            guard head.headers["Authorization"] == "Bearer \(LiveServer.token)" else {
                throw HTTPError(.unauthorized, "Missing or wrong token")
            }
        }
        router.add(.get, "/protected", headCheck: checkToken) { _ in .text("inside") }
        router.add(.post, "/protected", headCheck: checkToken) { request in .text("got \(request.body.count)") }
        router.add(.post, "/small", bodyLimit: LiveServer.smallBodyLimit) { request in
            HTTPResponse(status: .ok, body: request.body)
        }
        // Answered at once on the event loop; the text says whether a task ran the handler.
        router.addImmediate(.get, "/now/{id}") { request in
            .text("now \(request.parameter("id")) \(handlerPlace())")
        }
        router.addImmediate(.get, "/now-refused") { _ in throw HTTPError(.conflict, "Refused at once") }
        router.add(.get, "/later") { _ in .text("later \(handlerPlace())") }
        router.add(.get, "/slow") { _ in
            slowStarted.fire()
            try await Task.sleep(for: .milliseconds(500))
            _ = await slowRelease.wait()
            return .text("slow done")
        }
        return router
    }
}

/// Where a handler runs: "in a task", or "on the loop" when no task runs it.
private func handlerPlace() -> String {
    withUnsafeCurrentTask { $0 == nil ? "on the loop" : "in a task" }
}

/// `count` bytes of 0, 1, …, 250, 0, 1, …: a body whose every byte is checkable.
func patternBytes(_ count: Int) -> [UInt8] {
    let pattern = (0..<251).map { UInt8($0) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    while bytes.count < count {
        bytes.append(contentsOf: pattern.prefix(count - bytes.count))
    }
    return bytes
}

extension HTTPServerEvent {
    var isShutdownStarted: Bool { if case .shutdownStarted = self { true } else { false } }

    var isAcceptPaused: Bool { if case .acceptPaused = self { true } else { false } }

    var isAcceptResumed: Bool { if case .acceptResumed = self { true } else { false } }

    var closedConnectionCount: Int? {
        if case .connectionClosed(let open) = self { return open }
        return nil
    }
}
