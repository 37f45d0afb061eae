import FastagBot
import Foundation
import HTTPServerKit
import TestKit

/// A real `Application` over a database of its own (in a temporary directory), its log lines
/// captured. Requests reach it in one of two ways (`Transport`); everything else, what is
/// stored and what is logged, is the same.
///
/// Its database is a `TestDatabase`, where the tests choose their backend.
package final class TestServer: Sendable {
    package typealias Reply = HTTPReply

    package enum Transport: Sendable {
        /// Through `Application.respond(to:)`: the router, credentials, body limits and error
        /// mapping of the server, no port, nothing started (no chat pipeline, no pruning).
        case inProcess
        /// `start()`ed on an ephemeral loopback port and called over HTTP: for what the socket
        /// or the started application is the point of (head refusals, webhooks end to end,
        /// request metrics and the access log, the chat pipeline).
        case loopback
    }

    package let app: Application
    package let logs = MemorySink()
    package let transport: Transport
    package let database: TestDatabase
    private let client: LoopbackClient?

    package init(
        over transport: Transport = .inProcess, time: any TimeSource = SystemTime(),
        _ configure: (inout Settings) -> Void = { _ in }
    ) throws {
        var settings = Settings.defaults
        settings.port = 0
        settings.logLevel = .debug
        database = try TestDatabase()
        try database.configure(&settings)
        settings.adminToken = "test-admin-token-0123456789"
        // Walks send photos one by one: no wait for a burst (the album tests set a window).
        settings.chatAlbumWindow = .zero
        configure(&settings)
        self.transport = transport
        do {
            app = try Application(settings: settings, logSink: logs, time: time)
        } catch {
            database.remove()
            throw error
        }
        switch transport {
        case .inProcess:
            client = nil
        case .loopback:
            try app.start()
            client = LoopbackClient(port: app.port)
        }
    }

    /// `http://127.0.0.1:PORT`; only a `.loopback` server has one.
    package var baseURL: String {
        guard let client else { preconditionFailure("an in-process server has no address; use .loopback") }
        return client.baseURL
    }

    /// One request, answered whatever its status.
    package func request(
        _ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]
    ) async throws -> Reply {
        if let client { return try await client.send(method, path, headers: headers, body: body) }
        var fields = HTTPHeaders(headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) })
        if !fields.contains("Host") { fields.add(name: "Host", value: "127.0.0.1") }
        if let body, !body.isEmpty { fields.set(name: "Content-Length", value: String(body.count)) }
        let request = HTTPRequest(
            method: HTTPMethod(rawValue: method), target: path, headers: fields, body: Array(body ?? Data()))
        let response = await app.respond(to: request)
        var answered: [String: String] = [:]
        for field in response.headers { answered[field.name] = field.value }
        // As the server does: HEAD gets the headers without the body.
        let bytes = method == "HEAD" ? Data() : Data(response.body)
        return Reply(status: response.status.code, headers: answered, body: bytes)
    }

    package func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
        try await request("GET", path, headers: headers)
    }

    /// A request with the admin token and, when given, a JSON body.
    package func admin(_ method: String, _ path: String, json: JSONValue? = nil) async throws -> Reply {
        try await request(
            method, path, body: json.map { Data($0.jsonText.utf8) },
            headers: ["Authorization": "Bearer \(app.adminToken)", "Content-Type": "application/json"])
    }

    package func stop() async {
        await app.shutdown()
        client?.invalidate()
        app.storage.close()
        database.remove()
    }
}
