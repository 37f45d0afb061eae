import FastagBot
import Foundation
import FoundationNetworking
import Testing

/// A real `Application` on an ephemeral loopback port, with its log lines captured.
final class TestServer: Sendable {
    let app: Application
    let logs = MemorySink()
    let session: URLSession

    init(time: any TimeSource = SystemTime(), _ configure: (inout Settings) -> Void = { _ in }) throws {
        var settings = Settings.defaults
        settings.port = 0
        settings.logLevel = .debug
        let directory = NSTemporaryDirectory() + "fastag-test-\(UUID().uuidString)"
        settings.databasePath = directory + "/test.db"
        settings.dataDirectory = directory + "/data"
        settings.adminToken = "test-admin-token-0123456789"
        configure(&settings)
        app = try Application(settings: settings, logSink: logs, time: time)
        try app.start()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        session = URLSession(configuration: configuration)
    }

    var baseURL: String { "http://127.0.0.1:\(app.port)" }

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            try #require(JSONSerialization.jsonObject(with: body) as? [String: Any])
        }
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    func request(
        _ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
        try await request("GET", path, headers: headers)
    }

    /// A request with the admin token and, when given, a JSON body.
    func admin(_ method: String, _ path: String, json: JSONValue? = nil) async throws -> Reply {
        try await request(
            method, path, body: json.map { Data($0.jsonText.utf8) },
            headers: ["Authorization": "Bearer \(app.adminToken)", "Content-Type": "application/json"])
    }

    func stop() async {
        await app.shutdown()
        session.invalidateAndCancel()
    }
}
