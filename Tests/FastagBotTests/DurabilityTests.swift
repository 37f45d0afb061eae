import FastagBot
import FastagTestKit
import Foundation
import Synchronization
import TestKit
import Testing

/// The real binary, killed with SIGKILL in the middle of a burst of writes: every write it
/// acknowledged must be there after a restart, and the file must be sound.
@Suite struct DurabilityTests {
    static let token = "durability-admin-token-0123456789"

    /// Admin requests to the bot in the child process.
    struct Client: Sendable {
        let http: LoopbackClient

        func send(_ method: String, _ path: String, json: JSONValue? = nil) async throws -> (Int, JSONValue?) {
            var headers = ["Authorization": "Bearer \(DurabilityTests.token)"]
            if json != nil { headers["Content-Type"] = "application/json" }
            let reply = try await http.send(method, path, headers: headers, body: json.map { Data($0.jsonText.utf8) })
            return (reply.status, try? reply.value())
        }
    }

    enum Outcome: Sendable {
        case answered(status: Int, body: JSONValue?)
        case failed
    }

    struct Burst: Sendable {
        var next = 0
        var answered = 0
        var killed = false
        var outcomes: [Int: Outcome] = [:]
    }

    /// The burst's shared state, for the tasks that send it.
    final class Shared: Sendable {
        let burst = Mutex(Burst())
    }

    static func mobile(_ index: Int) -> String {
        "9" + String(100_000_000 + index).suffix(9)
    }

    static func start(_ environment: [String: String], in directory: String) async throws -> (BotProcess, Client) {
        let bot = try await BotProcess.serve(environment, in: directory)
        return (bot, Client(http: LoopbackClient(port: bot.listeningPort ?? 0)))
    }

    @Test func acknowledgedWritesSurviveKill9() async throws {
        let directory = NSTemporaryDirectory() + "durability-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let database = directory + "/bot.db"
        let environment = [
            "DATABASE_URL": "sqlite:///" + database, "ADMIN_TOKEN": Self.token, "DATA_DIR": directory + "/data",
            "DATABASE_SYNCHRONOUS": "full",
        ]

        let (bot, client) = try await Self.start(environment, in: directory)
        let pid = bot.process.processIdentifier
        // What the server holds before the burst (the sandbox's demo agent).
        let (listed, before) = try await client.send("GET", "/agents/?limit=500")
        try #require(listed == 200)
        let seeded = Set((before?["items"]?.arrayValue ?? []).map(\.id))
        let total = 300
        let killAfter = 100
        let shared = Shared()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    while true {
                        let index = shared.burst.withLock { state -> Int? in
                            guard !state.killed, state.next < total else { return nil }
                            state.next += 1
                            return state.next - 1
                        }
                        guard let index else { return }
                        let body: JSONValue = [
                            "first_name": "Burst", "last_name": .string(TestServer.letters(index)),
                            "mobile": .string(Self.mobile(index)),
                        ]
                        let outcome: Outcome
                        do {
                            let (status, reply) = try await client.send("POST", "/agents/", json: body)
                            outcome = .answered(status: status, body: reply)
                        } catch {
                            outcome = .failed
                        }
                        let killNow = shared.burst.withLock { state -> Bool in
                            state.outcomes[index] = outcome
                            guard case .answered = outcome else { return false }
                            state.answered += 1
                            guard state.answered >= killAfter, !state.killed else { return false }
                            state.killed = true
                            return true
                        }
                        if killNow { kill(pid, SIGKILL) }
                    }
                }
            }
        }
        _ = await bot.waitForExit()
        #expect(bot.process.terminationReason == .uncaughtSignal)
        #expect(bot.process.terminationStatus == SIGKILL)
        client.http.invalidate()

        let outcomes = shared.burst.withLock { $0.outcomes }
        var acknowledged: [Int: JSONValue] = [:]
        for (index, outcome) in outcomes {
            guard case .answered(let status, let body) = outcome else { continue }
            #expect(status == 201, "request \(index) answered \(status): \(body.map(\.jsonText) ?? "")")
            if (200..<300).contains(status), let body { acknowledged[index] = body }
        }
        #expect(acknowledged.count >= killAfter)
        #expect(acknowledged.count < total, "the burst ended before the kill: nothing was interrupted")

        // The file is sound (checked before anything else opens it again).
        do {
            let storage = try Storage(databasePath: database, dataDirectory: directory + "/data")
            #expect(try storage.integrityCheck() == ["ok"])
        }

        let (restarted, again) = try await Self.start(environment, in: directory)
        for (index, created) in acknowledged.sorted(by: { $0.key < $1.key }) {
            let (status, stored) = try await again.send("GET", "/agents/\(created.id)")
            #expect(status == 200, "acknowledged agent \(created.id) (request \(index)) is gone")
            #expect(stored == created, "request \(index)")
            #expect(stored?["mobile"] == .string(Self.mobile(index)))
        }
        let (status, page) = try await again.send("GET", "/agents/?limit=500")
        #expect(status == 200)
        let items = page?["items"]?.arrayValue ?? []
        #expect(items.count >= acknowledged.count + seeded.count)
        #expect(page?["total"] == .int(Int64(items.count)))
        // Whatever else made it (answered or not) is one of the agents sent, whole.
        let sent = Set((0..<total).map(Self.mobile))
        #expect(seeded.isSubset(of: Set(items.map(\.id))))
        for item in items where !seeded.contains(item.id) {
            #expect(sent.contains(item["mobile"]?.stringValue ?? ""), "\(item)")
            #expect(item["first_name"] == "Burst")
        }
        // And the restarted server still takes writes.
        let (created, _) = try await again.send(
            "POST", "/agents/", json: ["first_name": "After", "mobile": "6000000001"])
        #expect(created == 201)

        kill(restarted.process.processIdentifier, SIGTERM)
        #expect(await restarted.waitForExit() == 0)
        again.http.invalidate()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
