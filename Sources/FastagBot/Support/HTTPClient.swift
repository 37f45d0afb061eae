import Dispatch
import Foundation
import FoundationNetworking
import Synchronization

/// Outgoing HTTP over URLSession with a hard deadline. URLSession's own timeout on Linux
/// is an inactivity timeout in whole seconds, so a slow trickle can outlive it; here the
/// request races a timer and is cancelled when the deadline passes.
struct HTTPClient: Sendable {
    enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case timedOut(Duration)
        case transport(String)

        var description: String {
            switch self {
            case .timedOut(let duration): "no answer within \(duration)"
            case .transport(let detail): detail
            }
        }
    }

    typealias Outcome = Result<(Data, HTTPURLResponse), Failure>

    let session: URLSession

    init(maxConnectionsPerHost: Int = 64) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maxConnectionsPerHost
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration)
    }

    /// Sends `request`; throws `Failure.timedOut` when no complete answer came within `deadline`.
    func send(_ request: URLRequest, deadline: Duration) async throws(Failure) -> (Data, HTTPURLResponse) {
        var request = request
        // A backstop for URLSession itself; the race below enforces the real deadline.
        request.timeoutInterval = max(1, (Double(deadline.components.seconds) + 1).rounded(.up))
        // Waiting here leaves room for other chats to be answered (see OutsideWait).
        let outcome = await OutsideWait.around { await Self.race(request, on: session, deadline: deadline) }
        return try outcome.get()
    }

    /// The request against a timer: whichever ends first. Not a task group racing
    /// `data(for:)` against `Task.sleep`: cancelling the losing `data(for:)` runs URLSession's
    /// cancel (a `sync` onto its work queue) while the Swift runtime holds the task's status
    /// lock, and when that queue is at the same moment finishing the request (it needs the
    /// same lock to resume the task) both wait forever; under load that froze event loops.
    /// Here the timer is a Dispatch timer and cancels the URLSession task holding nothing, on
    /// a queue of its own: that `sync` can wait long for URLSession's work queue (one for every
    /// session of the process), and must not hold a thread that runs tasks meanwhile.
    private static let deadlines = DispatchQueue(label: "fastag-bot.http-deadlines")
    private static let cancels = DispatchQueue(label: "fastag-bot.http-cancels")

    private static func race(_ request: URLRequest, on session: URLSession, deadline: Duration) async -> Outcome {
        await withCheckedContinuation { continuation in
            let first = FirstOutcome(continuation)
            let task = session.dataTask(with: request) { data, response, error in
                first.resume(Self.outcome(data, response, error))
            }
            task.resume()
            let (seconds, attoseconds) = deadline.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            deadlines.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                if first.resume(.failure(.timedOut(deadline))) { cancels.async { task.cancel() } }
            }
        }
    }

    private static func outcome(_ data: Data?, _ response: URLResponse?, _ error: (any Error)?) -> Outcome {
        if let error {
            return .failure(.transport((error as? URLError)?.localizedDescription ?? "\(error)"))
        }
        guard let http = response as? HTTPURLResponse else { return .failure(.transport("not an HTTP response")) }
        return .success((data ?? Data(), http))
    }
}

/// The first of two outcomes (the answer, the deadline) resumes the waiting task; the other is dropped.
private final class FirstOutcome: Sendable {
    private let waiting: Mutex<CheckedContinuation<HTTPClient.Outcome, Never>?>

    init(_ continuation: CheckedContinuation<HTTPClient.Outcome, Never>) {
        waiting = Mutex(continuation)
    }

    /// Whether this outcome was the first.
    @discardableResult
    func resume(_ outcome: HTTPClient.Outcome) -> Bool {
        guard let continuation = waiting.withLock({ $0.take() }) else { return false }
        continuation.resume(returning: outcome)
        return true
    }
}
