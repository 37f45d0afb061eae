import Testing

@testable import HTTPServerKit

/// Time that moves only when a test says so.
final class ManualClock: MonotonicClock {
    var now: UInt64 = 1_000_000

    func advance(seconds: UInt64) {
        now += seconds * MachineDriver.second
    }
}

/// A connection's state machine on a clock the test moves, with a distinct timeout per
/// phase so that a deadline tells which phase set it.
struct MachineDriver {
    typealias Machine = HTTPConnectionStateMachine<ManualClock>

    static let second: UInt64 = 1_000_000_000
    static let timeouts = Machine.Timeouts(header: 10 * second, body: 30 * second, idle: 75 * second, write: 5 * second)

    let clock = ManualClock()
    var machine: Machine

    init(readAheadLimit: Int = 64 * 1024, lingerLimit: Int = 1 << 20) {
        machine = Machine(
            timeouts: Self.timeouts, clock: clock, readAheadLimit: readAheadLimit, lingerLimit: lingerLimit)
        machine.start()
    }

    /// The deadline `seconds` from now for `phase`.
    func deadline(_ phase: Machine.Deadline.Phase, inSeconds seconds: UInt64) -> Machine.Deadline {
        Machine.Deadline(phase, at: clock.now + seconds * Self.second)
    }

    /// Takes `request`, which has no body, from its bytes to the running handler, checking
    /// each action. `buffered`: it arrived with an earlier request (pipelined), so no read announces it.
    mutating func startHandling(_ request: HTTPRequest, buffered: Bool = false) {
        if !buffered {
            let read = machine.bytesRead()
            #expect(read.summary == "parse")
        }
        let examine = machine.parsed(.request(request))
        #expect(examine.summary == "examine \(request.target), body follows: false")
        let start = machine.headExamined(request, decision: .proceed(bodyLimit: 1024), bodyFollows: false)
        #expect(start.summary == "startHandler \(request.target), body: 0")
        #expect(machine.state.summary == "handling")
        #expect(machine.deadline == nil, "a handler takes the time it needs")
    }

    /// Answers the running handler with 200 and sends it all; returns what follows the write.
    mutating func answer(_ request: HTTPRequest, keepAlive expected: Bool) -> Machine.Action {
        let write = machine.handlerFinished(request, .text("done"))
        #expect(write.summary == "writeResponse 200, keep-alive: \(expected)")
        return machine.writeDrained()
    }

    /// Takes the head of a request with a body through the responder, which lets it through.
    mutating func acceptHead(_ head: HTTPRequest, bodyLimit: Int = 64) {
        let read = machine.bytesRead()
        #expect(read.summary == "parse")
        let examine = machine.parsed(.head(head))
        #expect(examine.summary == "examine \(head.target), body follows: true")
        let limit = machine.headExamined(head, decision: .proceed(bodyLimit: bodyLimit), bodyFollows: true)
        #expect(limit.summary == "limitBody \(bodyLimit)")
        #expect(machine.state.summary == "readingBody")
        #expect(machine.deadline == deadline(.body, inSeconds: 30))
    }
}

extension HTTPRequest {
    static func get(_ target: String, keepAlive: Bool = true) -> HTTPRequest {
        HTTPRequest(method: .get, target: target, keepAlive: keepAlive)
    }

    static func post(_ target: String, body: String = "") -> HTTPRequest {
        HTTPRequest(method: .post, target: target, body: Array(body.utf8))
    }
}

extension HTTPConnectionStateMachine.Action {
    /// The case and the parts the tests check, as text (requests are not `Equatable`).
    var summary: String {
        switch self {
        case .none: "none"
        case .parse: "parse"
        case .parseThenResumeReading: "parseThenResumeReading"
        case .examine(let request, let bodyFollows): "examine \(request.target), body follows: \(bodyFollows)"
        case .limitBody(let bytes): "limitBody \(bytes)"
        case .startHandler(let request): "startHandler \(request.target), body: \(request.body.count)"
        case .writeResponse(_, let response, let keepAlive):
            "writeResponse \(response.status.code), keep-alive: \(keepAlive)"
        case .writeContinue: "writeContinue"
        case .writeError(let error): "writeError \(error.status.code)"
        case .writeTimeout: "writeTimeout"
        case .releaseReadBuffer: "releaseReadBuffer"
        case .linger: "linger"
        case .close: "close"
        }
    }
}

extension HTTPConnectionStateMachine.State {
    var summary: String {
        switch self {
        case .idle: "idle"
        case .readingHead: "readingHead"
        case .readingBody: "readingBody"
        case .handling: "handling"
        case .writing(.nextRequest): "writing, then next request"
        case .writing(.continueBody): "writing, then body"
        case .writing(.linger): "writing, then linger"
        case .lingering: "lingering"
        case .closed: "closed"
        }
    }
}
