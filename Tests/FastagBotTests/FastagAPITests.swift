import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// `/fastags`: the stock, activation, recharge, deactivation, transactions, delete.
@Suite(.onBothBackends) struct FastagAPITests {
    @Test func addedTagIsStoredAndReadBack() async throws {
        try await withServer { server in
            let agent = try await server.agent()
            let tag = try await server.post(
                "/fastags/",
                [
                    "tag_number": " 608268-001-0012345 ", "serial_number": "34161FA8203286140200A1B2",
                    "agent_id": agent["id"]!, "plan": "500 Plan", "balance_paise": 1500,
                ])
            #expect(tag["tag_number"] == "608268-001-0012345")
            #expect(tag["serial_number"] == "34161FA8203286140200A1B2")
            #expect(tag["agent_id"] == agent["id"])
            #expect(tag["status"] == "available")
            #expect(tag["balance_paise"] == 1500)
            #expect(tag["vehicle_id"] == .null)
            #expect(tag["activated_at"] == .null)
            #expect(try await server.fetch("/fastags/\(tag.id)") == tag)
            #expect(try await server.fetch("/fastags/by-tag/608268-001-0012345") == tag)
            #expect(try await server.fetch("/fastags/?agent_id=\(agent.id)")["items"] == [tag])
            #expect(try await server.fetch("/fastags/?status=available")["items"] == [tag])
            #expect(try await server.fetch("/fastags/\(tag.id)/transactions")["total"] == 0)

            // Barcodes are stored upper-case and found in any case.
            let lower = try await server.fastag("abc-9876")
            #expect(lower["tag_number"] == "ABC-9876")
            #expect(try await server.fetch("/fastags/by-tag/ABC-9876") == lower)
            #expect(try await server.fetch("/fastags/by-tag/abc-9876") == lower)
            expectError(try await server.call("GET", "/fastags/by-tag/608268-001-0099999"), 404)
        }
    }

    @Test func invalidTagsAre422NamingTheFieldAndStoreNothing() async throws {
        try await withServer { server in
            let number: JSONValue = "608268-001-0012345"
            let cases: [(String, JSONValue)] = [
                ("tag_number", [:]), ("tag_number", ["tag_number": "ab1"]),
                ("tag_number", ["tag_number": .string(String(repeating: "1", count: 41))]),
                ("tag_number", ["tag_number": "6082 68/001"]), ("tag_number", ["tag_number": 608_268]),
                ("agent_id", ["tag_number": number, "agent_id": 0]),
                ("agent_id", ["tag_number": number, "agent_id": "1"]),
                ("customer_mobile", ["tag_number": number, "customer_mobile": "12345"]),
                ("customer_name", ["tag_number": number, "customer_name": "4sha"]),
                ("balance_paise", ["tag_number": number, "balance_paise": -1]),
                ("serial_number", ["tag_number": number, "serial_number": 12]),
                ("status", ["tag_number": number, "status": "active"]),
                ("vehicle_id", ["tag_number": number, "vehicle_id": 1]),
            ]
            for (field, body) in cases {
                expectError(try await server.call("POST", "/fastags/", json: body), 422, field: field)
            }
            expectError(
                try await server.call("POST", "/fastags/", json: ["tag_number": number, "agent_id": 999]), 404,
                mentioning: "Agent 999")
            #expect(try await server.fetch("/fastags/")["total"] == 0)
        }
    }

    @Test func duplicateTagNumberIs409() async throws {
        try await withServer { server in
            let tag = try await server.fastag("608268-001-0012345")
            let other = try await server.fastag("608268-001-0054321")
            for number in ["608268-001-0012345", " 608268-001-0012345"] {
                let reply = try await server.call("POST", "/fastags/", json: ["tag_number": .string(number)])
                expectError(reply, 409, mentioning: "608268-001-0012345")
            }
            let renamed = try await server.call(
                "PUT", "/fastags/\(other.id)", json: ["tag_number": "608268-001-0012345"])
            expectError(renamed, 409)
            #expect(try await server.fetch("/fastags/").itemIDs == [tag.id, other.id])
            #expect(try await server.fetch("/fastags/\(other.id)") == other)
        }
    }

    @Test func putChangesOnlyTheFieldsSent() async throws {
        try await withServer { server in
            let first = try await server.agent(1)
            let second = try await server.agent(2)
            let tag = try await server.post(
                "/fastags/", ["tag_number": "608268-001-0012345", "agent_id": first["id"]!, "plan": "400 Plan"])
            let moved = try await server.put(
                "/fastags/\(tag.id)",
                ["agent_id": second["id"]!, "customer_name": "Asha Patil", "customer_mobile": "+91 91234 56780"])
            #expect(moved["agent_id"] == second["id"])
            #expect(moved["customer_name"] == "Asha Patil")
            #expect(moved["customer_mobile"] == "9123456780")
            #expect(moved["plan"] == "400 Plan")
            #expect(moved["status"] == "available")
            #expect(try await server.fetch("/fastags/\(tag.id)") == moved)
            #expect(try await server.fetch("/fastags/?agent_id=\(second.id)").itemIDs == [tag.id])
            #expect(try await server.fetch("/fastags/?agent_id=\(first.id)")["total"] == 0)

            let cleared = try await server.put("/fastags/\(tag.id)", ["agent_id": nil, "plan": nil])
            #expect(cleared["agent_id"] == .null)
            #expect(cleared["plan"] == .null)
            #expect(cleared["customer_name"] == "Asha Patil")
        }
    }

    @Test func failedPutChangesNothing() async throws {
        try await withServer { server in
            let agent = try await server.agent()
            let tag = try await server.fastag(agentID: agent["id"]?.intValue)
            let cases: [(String, JSONValue)] = [
                ("customer_mobile", ["plan": "X", "customer_mobile": "0000"]),
                ("tag_number", ["plan": "X", "tag_number": "!"]),
                ("balance_paise", ["plan": "X", "balance_paise": 100]),
                ("status", ["plan": "X", "status": "active"]),
                ("agent_id", ["plan": "X", "agent_id": true]),
            ]
            for (field, body) in cases {
                expectError(try await server.call("PUT", "/fastags/\(tag.id)", json: body), 422, field: field)
            }
            expectError(try await server.call("PUT", "/fastags/\(tag.id)", json: ["plan": "X", "agent_id": 999]), 404)
            #expect(try await server.fetch("/fastags/\(tag.id)") == tag)
        }
    }

    @Test func tagOfADeletedAgentCanStillBeChanged() async throws {
        try await withServer { server in
            let agent = try await server.agent()
            let tag = try await server.fastag(agentID: agent["id"]?.intValue)
            #expect(try await server.call("DELETE", "/agents/\(agent.id)").status == 204)
            let changed = try await server.put("/fastags/\(tag.id)", ["plan": "500 Plan"])
            #expect(changed["plan"] == "500 Plan")
            #expect(changed["agent_id"] == agent["id"])
            // Assigning it to the deleted agent anew is refused.
            let other = try await server.fastag("608268-001-0054321")
            expectError(try await server.call("PUT", "/fastags/\(other.id)", json: ["agent_id": agent["id"]!]), 404)
        }
    }

    @Test func activationLinksTheVehicleAndWritesATransaction() async throws {
        try await withServer { server in
            let vehicle = try await server.vehicle("MH12AB1234")
            let tag = try await server.post("/fastags/", ["tag_number": "608268-001-0012345", "balance_paise": 500])
            let active = try await server.json(
                200, "POST", "/fastags/\(tag.id)/activate",
                json: [
                    "vehicle_number": "mh 12 ab 1234", "customer_name": "Asha Patil", "customer_mobile": "9123456780",
                    "plan": "500 Plan", "amount_paise": 20000,
                ])
            expectFields(
                active,
                [
                    "status": "active", "vehicle_id": vehicle["id"] ?? .null, "balance_paise": 20500,
                    "customer_name": "Asha Patil", "customer_mobile": "9123456780", "plan": "500 Plan",
                ])
            #expect(active["activated_at"] != .null)
            #expect(try await server.fetch("/fastags/\(tag.id)") == active)
            #expect(try await server.fetch("/fastags/?status=active").itemIDs == [tag.id])

            let history = try await server.fetch("/fastags/\(tag.id)/transactions")
            #expect(history["total"] == 1)
            let row = try #require(history["items"]?.arrayValue?.first)
            expectFields(
                row,
                [
                    "kind": "activation", "amount_paise": 20000, "balance_after_paise": 20500,
                    "fastag_id": tag["id"] ?? .null,
                ])

            // Activating an active tag is a conflict; nothing moves.
            let again = try await server.call(
                "POST", "/fastags/\(tag.id)/activate", json: ["vehicle_id": vehicle["id"]!, "amount_paise": 100])
            expectError(again, 409, mentioning: "active")
            #expect(try await server.fetch("/fastags/\(tag.id)") == active)
            #expect(try await server.fetch("/fastags/\(tag.id)/transactions")["total"] == 1)
        }
    }

    @Test func aVehicleCarriesOneActiveTag() async throws {
        try await withServer { server in
            let vehicle = try await server.vehicle("MH12AB1234")
            let first = try await server.fastag("608268-001-0000001")
            let second = try await server.fastag("608268-001-0000002")
            _ = try await server.json(
                200, "POST", "/fastags/\(first.id)/activate", json: ["vehicle_id": vehicle["id"]!])
            let refused = try await server.call(
                "POST", "/fastags/\(second.id)/activate", json: ["vehicle_id": vehicle["id"]!, "amount_paise": 5000])
            expectError(refused, 409, mentioning: "already has an active FASTag")
            #expect(try await server.fetch("/fastags/\(second.id)") == second)
            #expect(try await server.fetch("/fastags/\(second.id)/transactions")["total"] == 0)

            // Once the first is deactivated, the second may go on the vehicle, and the first may be reused.
            _ = try await server.json(200, "POST", "/fastags/\(first.id)/deactivate", json: ["note": "damaged"])
            let active = try await server.json(
                200, "POST", "/fastags/\(second.id)/activate", json: ["vehicle_number": "MH12AB1234"])
            #expect(active["vehicle_id"] == vehicle["id"])
            let spare = try await server.vehicle("KA05M1234")
            let reused = try await server.json(
                200, "POST", "/fastags/\(first.id)/activate", json: ["vehicle_id": spare["id"]!])
            #expect(reused["vehicle_id"] == spare["id"])
            #expect(try await server.fetch("/fastags/?status=active")["total"] == 2)
        }
    }

    @Test func invalidActivationsChangeNothing() async throws {
        try await withServer { server in
            let vehicle = try await server.vehicle("MH12AB1234")
            let tag = try await server.fastag()
            let id = vehicle["id"]!
            let cases: [(String, JSONValue)] = [
                ("vehicle_id", [:]), ("vehicle_id", ["plan": "500 Plan"]), ("vehicle_id", ["vehicle_id": 0]),
                ("vehicle_id", ["vehicle_id": "1"]), ("vehicle_number", ["vehicle_number": "XX12AB1234"]),
                ("customer_mobile", ["vehicle_id": id, "customer_mobile": "12345"]),
                ("customer_name", ["vehicle_id": id, "customer_name": "A$ha"]),
                ("amount_paise", ["vehicle_id": id, "amount_paise": -5]),
                ("amount_paise", ["vehicle_id": id, "amount_paise": 10_000_001]),
                ("plan", ["vehicle_id": id, "plan": 500]),
                ("balance_paise", ["vehicle_id": id, "balance_paise": 5]),
            ]
            for (field, body) in cases {
                expectError(try await server.call("POST", "/fastags/\(tag.id)/activate", json: body), 422, field: field)
            }
            expectError(try await server.call("POST", "/fastags/\(tag.id)/activate", json: ["vehicle_id": 999]), 404)
            expectError(
                try await server.call("POST", "/fastags/\(tag.id)/activate", json: ["vehicle_number": "MH12AB9999"]),
                404)
            #expect(try await server.fetch("/fastags/\(tag.id)") == tag)
            #expect(try await server.fetch("/fastags/\(tag.id)/transactions")["total"] == 0)
        }
    }

    @Test func rechargeAddsToTheBalanceAndWritesATransaction() async throws {
        try await withServer { server in
            let vehicle = try await server.vehicle()
            let tag = try await server.fastag()
            // Only an active tag can be recharged.
            let early = try await server.call("POST", "/fastags/\(tag.id)/recharge", json: ["amount_paise": 100])
            expectError(early, 409, mentioning: "available")
            #expect(try await server.fetch("/fastags/\(tag.id)") == tag)

            _ = try await server.json(
                200, "POST", "/fastags/\(tag.id)/activate", json: ["vehicle_id": vehicle["id"]!, "amount_paise": 20000])
            let recharged = try await server.json(
                200, "POST", "/fastags/\(tag.id)/recharge", json: ["amount_paise": 50000, "note": "counter top-up"])
            #expect(recharged["balance_paise"] == 70000)
            #expect(try await server.fetch("/fastags/\(tag.id)") == recharged)
            let history = try await server.fetch("/fastags/\(tag.id)/transactions")
            #expect(history["total"] == 2)
            let rows = history["items"]?.arrayValue ?? []
            #expect(rows.map { $0["kind"] } == ["activation", "recharge"])
            #expect(rows.last?["amount_paise"] == 50000)
            #expect(rows.last?["balance_after_paise"] == 70000)
            #expect(rows.last?["note"] == "counter top-up")

            for (field, body) in [
                ("amount_paise", [:]), ("amount_paise", ["amount_paise": 0]), ("amount_paise", ["amount_paise": -100]),
                ("amount_paise", ["amount_paise": 10_000_001]), ("amount_paise", ["amount_paise": "500"]),
                ("note", ["amount_paise": 100, "note": 5]), ("reason", ["amount_paise": 100, "reason": "x"]),
            ] as [(String, JSONValue)] {
                expectError(try await server.call("POST", "/fastags/\(tag.id)/recharge", json: body), 422, field: field)
            }
            #expect(try await server.fetch("/fastags/\(tag.id)") == recharged)
            #expect(try await server.fetch("/fastags/\(tag.id)/transactions")["total"] == 2)

            // A deactivated tag cannot be recharged either.
            let inactive = try await server.json(200, "POST", "/fastags/\(tag.id)/deactivate")
            expectError(try await server.call("POST", "/fastags/\(tag.id)/recharge", json: ["amount_paise": 100]), 409)
            #expect(try await server.fetch("/fastags/\(tag.id)") == inactive)
        }
    }

    @Test func deactivationWritesATransactionAndHappensOnce() async throws {
        try await withServer { server in
            let vehicle = try await server.vehicle()
            let tag = try await server.fastag()
            expectError(try await server.call("POST", "/fastags/\(tag.id)/deactivate"), 409, mentioning: "not active")
            _ = try await server.json(
                200, "POST", "/fastags/\(tag.id)/activate", json: ["vehicle_id": vehicle["id"]!, "amount_paise": 300])
            let inactive = try await server.json(
                200, "POST", "/fastags/\(tag.id)/deactivate", json: ["note": "vehicle sold"])
            #expect(inactive["status"] == "inactive")
            #expect(inactive["balance_paise"] == 300)
            #expect(try await server.fetch("/fastags/\(tag.id)") == inactive)
            #expect(try await server.fetch("/fastags/?status=inactive").itemIDs == [tag.id])
            let rows = try await server.fetch("/fastags/\(tag.id)/transactions")["items"]?.arrayValue ?? []
            #expect(rows.map { $0["kind"] } == ["activation", "deactivation"])
            #expect(rows.last?["note"] == "vehicle sold")
            #expect(rows.last?["balance_after_paise"] == 300)

            expectError(try await server.call("POST", "/fastags/\(tag.id)/deactivate"), 409)
            for (field, body) in [("note", ["note": 1]), ("reason", ["reason": "x"])] as [(String, JSONValue)] {
                expectError(
                    try await server.call("POST", "/fastags/\(tag.id)/deactivate", json: body), 422, field: field)
            }
            #expect(try await server.fetch("/fastags/\(tag.id)") == inactive)
            #expect(try await server.fetch("/fastags/\(tag.id)/transactions")["total"] == 2)
        }
    }

    @Test func onlyUnusedTagsCanBeDeleted() async throws {
        try await withServer { server in
            let vehicle = try await server.vehicle()
            let unused = try await server.fastag("608268-001-0000001")
            let used = try await server.fastag("608268-001-0000002")
            _ = try await server.json(200, "POST", "/fastags/\(used.id)/activate", json: ["vehicle_id": vehicle["id"]!])
            expectError(try await server.call("DELETE", "/fastags/\(used.id)"), 409, mentioning: "deactivate")
            let inactive = try await server.json(200, "POST", "/fastags/\(used.id)/deactivate")
            expectError(try await server.call("DELETE", "/fastags/\(used.id)"), 409)
            #expect(try await server.fetch("/fastags/\(used.id)") == inactive)
            #expect(try await server.fetch("/fastags/\(used.id)/transactions")["total"] == 2)

            try await server.expectDeleted("/fastags/\(unused.id)", lookups: ["/fastags/by-tag/608268-001-0000001"])
            #expect(try await server.fetch("/fastags/").itemIDs == [used.id])
            // The number is free again.
            _ = try await server.fastag("608268-001-0000001")
        }
    }

    @Test func listingPagesAndFilters() async throws {
        try await withServer { server in
            let first = try await server.agent(1)
            let second = try await server.agent(2)
            let vehicle = try await server.vehicle()
            var ids: [String] = []
            for index in 0..<6 {
                let owner = index < 4 ? first : second
                ids.append(try await server.fastag("608268-001-000000\(index)", agentID: owner["id"]?.intValue).id)
            }
            _ = try await server.json(200, "POST", "/fastags/\(ids[1])/activate", json: ["vehicle_id": vehicle["id"]!])

            try await server.expectListing("/fastags/", ids, limit: 2, offset: 1)
            #expect(try await server.fetch("/fastags/?agent_id=\(first.id)").itemIDs == Array(ids[0..<4]))
            #expect(try await server.fetch("/fastags/?agent_id=\(second.id)&limit=1")["total"] == 2)
            #expect(try await server.fetch("/fastags/?status=active").itemIDs == [ids[1]])
            let filtered = try await server.fetch("/fastags/?agent_id=\(first.id)&status=available&offset=1")
            #expect(filtered.itemIDs == [ids[2], ids[3]])
            #expect(filtered["total"] == 3)
            for (query, field) in [
                ("agent_id=x", "agent_id"), ("status=lost", "status"), ("limit=0", "limit"), ("offset=z", "offset"),
            ] {
                expectError(try await server.call("GET", "/fastags/?\(query)"), 422, field: field)
            }
        }
    }

    @Test func transactionsPage() async throws {
        try await withServer { server in
            let vehicle = try await server.vehicle()
            let tag = try await server.fastag()
            _ = try await server.json(200, "POST", "/fastags/\(tag.id)/activate", json: ["vehicle_id": vehicle["id"]!])
            for amount in [100, 200, 300, 400] as [Int64] {
                _ = try await server.json(
                    200, "POST", "/fastags/\(tag.id)/recharge", json: ["amount_paise": .int(amount)])
            }
            let page = try await server.fetch("/fastags/\(tag.id)/transactions?limit=2&offset=1")
            #expect(page["total"] == 5)
            #expect(page["items"]?.arrayValue?.map { $0["amount_paise"] } == [100, 200])
            #expect(page["items"]?.arrayValue?.map { $0["balance_after_paise"] } == [100, 300])
            #expect(try await server.fetch("/fastags/\(tag.id)")["balance_paise"] == 1000)
            expectError(try await server.call("GET", "/fastags/\(tag.id)/transactions?limit=0"), 422, field: "limit")
        }
    }
}
