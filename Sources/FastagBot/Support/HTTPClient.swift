import Foundation
import FoundationNetworking

/// Outgoing HTTP over URLSession with a hard deadline. URLSession's own timeout on Linux
/// is an inactivity timeout in whole seconds, so a slow trickle can outlive it; here the
/// request races a timer and is cancelled when the deadline passes.
public struct HTTPClient: Sendable {
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case timedOut(Duration)
        case transport(String)

        public var description: String {
            switch self {
            case .timedOut(let duration): "no answer within \(duration)"
            case .transport(let detail): detail
            }
        }
    }

    typealias Outcome = Result<(Data, HTTPURLResponse), Failure>

    let session: URLSession

    public init(maxConnectionsPerHost: Int = 64) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maxConnectionsPerHost
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration)
    }

    /// Sends `request`; throws `Failure.timedOut` when no complete answer came within `deadline`.
    public func send(_ request: URLRequest, deadline: Duration) async throws(Failure) -> (Data, HTTPURLResponse) {
        var request = request
        // A backstop for URLSession itself; the race below enforces the real deadline.
        request.timeoutInterval = max(1, (Double(deadline.components.seconds) + 1).rounded(.up))
        // Waiting here leaves room for other chats to be answered (see OutsideWait).
        let outcome = await OutsideWait.around { await Self.race(request, on: session, deadline: deadline) }
        return try outcome.get()
    }

    /// The request against a timer: whichever ends first.
    private static func race(_ request: URLRequest, on session: URLSession, deadline: Duration) async -> Outcome {
        await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                do {
                    let (data, response) = try await session.data(for: request)
                    guard let http = response as? HTTPURLResponse else {
                        return .failure(.transport("not an HTTP response"))
                    }
                    return .success((data, http))
                } catch {
                    if Task.isCancelled { return nil }
                    return .failure(.transport((error as? URLError)?.localizedDescription ?? "\(error)"))
                }
            }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return Task.isCancelled ? nil : .failure(.timedOut(deadline))
            }
            var result: Outcome = .failure(.timedOut(deadline))
            for await next in group {
                if let next {
                    result = next
                    break
                }
            }
            group.cancelAll()
            return result
        }
    }
}
