import Foundation
import FoundationNetworking

/// A client of a server on a loopback port (the bot in this process or in a child process):
/// the tests' one URLSession set-up. The session is ephemeral and allows many connections to
/// the host (URLSession's default of 6 would queue the tests' concurrent requests); the
/// timeout is an inactivity timeout that only bounds a failure.
package struct LoopbackClient: Sendable {
    package let baseURL: String
    private let session: URLSession

    package init(baseURL: String) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        session = URLSession(configuration: configuration)
    }

    package init(port: Int) {
        self.init(baseURL: "http://127.0.0.1:\(port)")
    }

    /// Sends one request and returns the answer, whatever its status. URLSession on Linux
    /// cannot send a GET with a body (-1103): leave it out.
    package func send(
        _ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil
    ) async throws -> HTTPReply {
        guard let url = URL(string: baseURL + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 60
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
        return HTTPReply(status: http.statusCode, headers: fields, body: data)
    }

    /// Ends the session's connections (the session is unusable afterwards).
    package func invalidate() {
        session.invalidateAndCancel()
    }
}
