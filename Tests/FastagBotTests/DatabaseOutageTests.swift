import FastagTestKit
import Foundation
import TestKit
import Testing

@testable import FastagBot

/// PostgreSQL stopped under a running server (a cluster of this test's own): calls get a clear
/// 503 with `Retry-After` and change nothing, readiness says why, liveness stays up, and once
/// the database is back the next call works without a restart.
@Suite struct DatabaseOutageTests {
    @Test func aDatabaseOutageIsA503AndTheNextCallWorks() async throws {
        let cluster = try PostgresCluster()
        let location = try #require(DatabaseLocation(parsing: cluster.url))
        let server = try TestServer { $0.database = location }
        let agent = try await server.post("/agents/", ["first_name": "Ravi", "mobile": "9876500001"])

        try cluster.stop()
        for (method, path) in [("GET", "/agents/"), ("PUT", "/agents/\(agent.id)"), ("POST", "/agents/")] {
            let body: JSONValue = method == "GET" ? [:] : ["first_name": "Other", "mobile": "9876500002"]
            let reply = try await server.call(method, path, json: method == "GET" ? nil : body)
            #expect(reply.status == 503, "\(method) \(path): \(reply.text)")
            #expect(reply.header("Retry-After") == "1")
            #expect(try reply.value()["message"]?.stringValue?.contains("cannot be reached") == true)
        }
        let ready = try await server.get("/health/ready")
        #expect(ready.status == 503)
        #expect(try ready.value()["reason"] == "the database cannot be reached")
        #expect(try await server.get("/health").status == 200)

        try cluster.start()
        // The sandbox's demo agent and Ravi; nothing the refused calls sent.
        let names = try await server.fetch("/agents/")["items"]?.arrayValue?.compactMap {
            $0["first_name"]?.stringValue
        }
        #expect(names == ["Demo", "Ravi"])
        #expect(try await server.get("/health/ready").status == 200)
        server.database.remove()
    }
}
