import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// `/agents`: register, read, list, change, delete, decrement-fastags.
@Suite(.onBothBackends) struct AgentAPITests {
    @Test func registeredAgentIsStoredAndReadBack() async throws {
        try await withServer { server in
            let created = try await server.post(
                "/agents/",
                [
                    "first_name": "  Ravi  ", "last_name": "Kumar", "mobile": "+91 98765-43210",
                    "shauryapay_agent_id": "1042", "wallet_balance_paise": 125050, "fastags_left": 12,
                ])
            #expect(created["first_name"] == "Ravi")
            #expect(created["last_name"] == "Kumar")
            #expect(created["mobile"] == "9876543210")
            #expect(created["shauryapay_agent_id"] == "1042")
            #expect(created["status"] == "active")
            #expect(created["wallet_balance_paise"] == 125050)
            #expect(created["fastags_left"] == 12)
            #expect(created["created_at"] == created["updated_at"])

            #expect(try await server.fetch("/agents/\(created.id)") == created)
            let active = try await server.fetch("/agents/?status=active")
            #expect(active["items"] == [created])
            #expect(active["total"] == 1)
            #expect(try await server.fetch("/agents/?status=inactive")["total"] == 0)
            #expect(try await server.fetch("/agents")["items"] == [created])
        }
    }

    @Test func defaultsApplyToOptionalFields() async throws {
        try await withServer { server in
            let created = try await server.post("/agents/", ["first_name": "Asha", "mobile": "07123456789"])
            #expect(created["mobile"] == "7123456789")
            #expect(created["last_name"] == "")
            #expect(created["shauryapay_agent_id"] == .null)
            #expect(created["status"] == "active")
            #expect(created["wallet_balance_paise"] == 0)
            #expect(created["fastags_left"] == 0)
            let inactive = try await server.post(
                "/agents/", ["first_name": "Bala", "mobile": "919123456780", "status": "inactive"])
            #expect(inactive["mobile"] == "9123456780")
            #expect(try await server.fetch("/agents/?status=inactive")["items"] == [inactive])
        }
    }

    @Test func invalidRegistrationsAre422NamingTheFieldAndStoreNothing() async throws {
        try await withServer { server in
            let valid: [String: JSONValue] = ["first_name": "Ravi", "mobile": "9876543210"]
            let cases: [(String, [String: JSONValue])] = [
                ("first_name", ["mobile": "9876543210"]),
                ("mobile", ["first_name": "Ravi"]),
                ("first_name", valid.merging(["first_name": "R2D2"]) { $1 }),
                ("first_name", valid.merging(["first_name": ""]) { $1 }),
                ("first_name", valid.merging(["first_name": .string(String(repeating: "a", count: 51))]) { $1 }),
                ("first_name", valid.merging(["first_name": 7]) { $1 }),
                ("first_name", valid.merging(["first_name": nil]) { $1 }),
                ("last_name", valid.merging(["last_name": "K@"]) { $1 }),
                ("mobile", valid.merging(["mobile": "12345"]) { $1 }),
                ("mobile", valid.merging(["mobile": "5876543210"]) { $1 }),
                ("mobile", valid.merging(["mobile": "98765432101"]) { $1 }),
                ("mobile", valid.merging(["mobile": 9_876_543_210]) { $1 }),
                ("status", valid.merging(["status": "retired"]) { $1 }),
                ("status", valid.merging(["status": true]) { $1 }),
                ("wallet_balance_paise", valid.merging(["wallet_balance_paise": -1]) { $1 }),
                ("wallet_balance_paise", valid.merging(["wallet_balance_paise": "100"]) { $1 }),
                ("wallet_balance_paise", valid.merging(["wallet_balance_paise": .double(10.5)]) { $1 }),
                ("fastags_left", valid.merging(["fastags_left": -3]) { $1 }),
                ("fastags_left", valid.merging(["fastags_left": "ten"]) { $1 }),
                ("shauryapay_agent_id", valid.merging(["shauryapay_agent_id": 1042]) { $1 }),
                ("nickname", valid.merging(["nickname": "Ravi"]) { $1 }),
            ]
            for (field, body) in cases {
                let reply = try await server.call("POST", "/agents/", json: .object(body))
                expectError(reply, 422, field: field)
            }
            #expect(try await server.fetch("/agents/")["total"] == 0)
        }
    }

    @Test func namesLongerThanTheStoreHoldsAre422() async throws {
        try await withServer { server in
            // Devanagari "कि" is one character to Swift but two code points to SQLite's length():
            // 50 of them pass a 50-character check and break the table's CHECK (a 500 or a false 409).
            let long = String(repeating: "\u{915}\u{93F}", count: 50)
            let cases: [(String, JSONValue)] = [
                ("first_name", ["first_name": .string(long), "mobile": "9876543210"]),
                ("last_name", ["first_name": "Ravi", "last_name": .string(long), "mobile": "9876543210"]),
            ]
            for (field, body) in cases {
                expectError(try await server.call("POST", "/agents/", json: body), 422, field: field)
            }
            #expect(try await server.fetch("/agents/")["total"] == 0)
            let half = String(repeating: "\u{915}\u{93F}", count: 25)
            let agent = try await server.post("/agents/", ["first_name": .string(half), "mobile": "9876543210"])
            #expect(agent["first_name"]?.stringValue?.unicodeScalars.count == 50)
            let reply = try await server.call("PUT", "/agents/\(agent.id)", json: ["last_name": .string(long)])
            expectError(reply, 422, field: "last_name")
            #expect(try await server.fetch("/agents/\(agent.id)") == agent)
        }
    }

    @Test func duplicateMobileIs409InAnyFormat() async throws {
        try await withServer { server in
            let first = try await server.post("/agents/", ["first_name": "Ravi", "mobile": "9876543210"])
            for mobile in ["9876543210", "+919876543210", "09876543210", "98765 43210"] {
                let reply = try await server.call(
                    "POST", "/agents/", json: ["first_name": "Other", "mobile": .string(mobile)])
                expectError(reply, 409, mentioning: "9876543210")
            }
            let page = try await server.fetch("/agents/")
            #expect(page["items"] == [first])
        }
    }

    @Test func putChangesOnlyTheFieldsSent() async throws {
        try await withServer { server in
            let agent = try await server.post(
                "/agents/",
                ["first_name": "Ravi", "last_name": "Kumar", "mobile": "9876543210", "shauryapay_agent_id": "1042"])
            let changed = try await server.put(
                "/agents/\(agent.id)", ["status": "inactive", "fastags_left": 25, "mobile": "+91 91234 56780"])
            #expect(changed["status"] == "inactive")
            #expect(changed["fastags_left"] == 25)
            #expect(changed["mobile"] == "9123456780")
            #expect(changed["first_name"] == "Ravi")
            #expect(changed["last_name"] == "Kumar")
            #expect(changed["shauryapay_agent_id"] == "1042")
            #expect(changed["created_at"] == agent["created_at"])
            #expect(try await server.fetch("/agents/\(agent.id)") == changed)
            #expect(try await server.fetch("/agents/?status=inactive")["items"] == [changed])
            #expect(try await server.fetch("/agents/?status=active")["total"] == 0)

            // null clears the optional Shauryapay id; an empty object changes nothing.
            let cleared = try await server.put("/agents/\(agent.id)", ["shauryapay_agent_id": nil])
            #expect(cleared["shauryapay_agent_id"] == .null)
            let same = try await server.put("/agents/\(agent.id)", [:])
            #expect(same["first_name"] == "Ravi")
            #expect(same["mobile"] == "9123456780")
            // The old number is free again.
            _ = try await server.post("/agents/", ["first_name": "Asha", "mobile": "9876543210"])
        }
    }

    @Test func failedPutChangesNothing() async throws {
        try await withServer { server in
            let agent = try await server.agent(1, fastags: 3)
            let other = try await server.agent(2)
            let invalid: [(String, JSONValue)] = [
                ("mobile", ["first_name": "Changed", "mobile": "12345"]),
                ("first_name", ["fastags_left": 9, "first_name": "R2D2"]),
                ("fastags_left", ["first_name": "Changed", "fastags_left": -1]),
                ("status", ["first_name": "Changed", "status": "gone"]),
                ("colour", ["first_name": "Changed", "colour": "red"]),
                ("wallet_balance_paise", ["first_name": "Changed", "wallet_balance_paise": "lots"]),
            ]
            for (field, body) in invalid {
                expectError(try await server.call("PUT", "/agents/\(agent.id)", json: body), 422, field: field)
            }
            // Taking another agent's mobile is a conflict, and changes nothing either.
            let taken = try await server.call(
                "PUT", "/agents/\(agent.id)", json: ["first_name": "Changed", "mobile": other["mobile"]!])
            expectError(taken, 409, mentioning: other["mobile"]?.stringValue ?? "")
            #expect(try await server.fetch("/agents/\(agent.id)") == agent)
            #expect(try await server.fetch("/agents/\(other.id)") == other)
            expectError(try await server.call("PUT", "/agents/999", json: ["first_name": "Changed"]), 404)
        }
    }

    @Test func decrementFastagsStopsAtZero() async throws {
        try await withServer { server in
            let agent = try await server.agent(fastags: 2)
            let once = try await server.json(200, "POST", "/agents/\(agent.id)/decrement-fastags")
            #expect(once["fastags_left"] == 1)
            let twice = try await server.json(200, "POST", "/agents/\(agent.id)/decrement-fastags/")
            #expect(twice["fastags_left"] == 0)
            for _ in 0..<2 {
                let refused = try await server.call("POST", "/agents/\(agent.id)/decrement-fastags")
                expectError(refused, 409, mentioning: "0 FASTags left")
            }
            let stored = try await server.fetch("/agents/\(agent.id)")
            #expect(stored == twice)
            #expect(stored["fastags_left"] == 0)
            expectError(try await server.call("POST", "/agents/999/decrement-fastags"), 404)
        }
    }

    @Test func concurrentDecrementsNeverGoBelowZero() async throws {
        try await withServer { server in
            let agent = try await server.agent(fastags: 5)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await server.call("POST", "/agents/\(agent.id)/decrement-fastags").status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 5)
            #expect(statuses.filter { $0 == 409 }.count == 7)
            #expect(try await server.fetch("/agents/\(agent.id)")["fastags_left"] == 0)
        }
    }

    @Test func deleteIsRefusedWhileASessionIsOpen() async throws {
        try await withServer { server in
            let agent = try await server.agent()
            let session = try await server.session(["agent_id": agent["id"]!])
            let refused = try await server.call("DELETE", "/agents/\(agent.id)")
            expectError(refused, 409, mentioning: "open session")
            // Still there, unchanged but for when it was last seen: its session's last activity.
            let kept = try await server.fetch("/agents/\(agent.id)")
            for field in [
                "id", "mobile", "status", "wallet_balance_paise", "fastags_left", "updated_at", "activations",
            ] {
                #expect(kept[field] == agent[field], "\(field)")
            }
            #expect(kept["last_seen_at"] == session["last_activity_at"] && agent["last_seen_at"] == .null)

            _ = try await server.json(200, "POST", "/sessions/\(session.id)/complete")
            try await server.expectDeleted("/agents/\(agent.id)")
            expectError(try await server.call("PUT", "/agents/\(agent.id)", json: ["first_name": "Back"]), 404)
            expectError(try await server.call("POST", "/agents/\(agent.id)/decrement-fastags"), 404)
            #expect(try await server.fetch("/agents/")["total"] == 0)
            // The history stays: the session still names the agent.
            #expect(try await server.fetch("/sessions/?agent_id=\(agent.id)")["total"] == 1)
            // The mobile number is free again.
            let again = try await server.post("/agents/", ["first_name": "New", "mobile": agent["mobile"]!])
            #expect(again.id != agent.id)
        }
    }

    @Test func listingPagesAndFilters() async throws {
        try await withServer { server in
            var ids: [String] = []
            for number in 1...7 {
                ids.append(try await server.agent(number, status: number % 3 == 0 ? "inactive" : "active").id)
            }
            let all = try await server.fetch("/agents/")
            #expect(all["limit"] == 50 && all["offset"] == 0)
            try await server.expectListing("/agents/", ids, limit: 2, offset: 3)
            #expect(try await server.fetch("/agents/?offset=6").itemIDs == [ids[6]])
            #expect(try await server.fetch("/agents/?offset=100").itemIDs == [])
            #expect(try await server.fetch("/agents/?offset=100")["total"] == 7)
            #expect(try await server.fetch("/agents/?limit=500")["total"] == 7)

            let inactive = try await server.fetch("/agents/?status=inactive")
            #expect(inactive.itemIDs == [ids[2], ids[5]])
            #expect(inactive["total"] == 2)
            let activePage = try await server.fetch("/agents/?status=active&limit=2&offset=4")
            #expect(activePage.itemIDs == [ids[6]])
            #expect(activePage["total"] == 5)

            for (query, field) in [
                ("limit=0", "limit"), ("limit=501", "limit"), ("limit=ten", "limit"), ("offset=-1", "offset"),
                ("offset=x", "offset"), ("status=retired", "status"),
            ] {
                expectError(try await server.call("GET", "/agents/?\(query)"), 422, field: field)
            }
        }
    }
}
