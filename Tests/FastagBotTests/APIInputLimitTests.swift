import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// What the REST API takes in money, counts, ids, names and nulls: refused values are a 422
/// naming the field and leave the stored data as it was (issue 9, items 2, 6 and 9).
@Suite(.onBothBackends) struct APIInputLimitTests {
    static let crore: Int64 = 1_000_000_000

    @Test func moneyAndCountsBeyondTheirBoundsAre422NamingTheField() async throws {
        try await withServer { server in
            let agent = try await server.agent()
            let tag = try await server.fastag()
            let vehicle = try await server.vehicle()
            let huge = JSONValue.int(Int64.max)
            let cases: [(String, String, String, JSONValue)] = [
                ("POST", "/fastags/", "balance_paise", ["tag_number": "ABC-0001", "balance_paise": huge]),
                (
                    "POST", "/fastags/", "balance_paise",
                    ["tag_number": "ABC-0001", "balance_paise": .int(Self.crore + 1)]
                ),
                (
                    "POST", "/agents/", "wallet_balance_paise",
                    ["first_name": "Ravi", "mobile": "9123456780", "wallet_balance_paise": huge]
                ),
                (
                    "POST", "/agents/", "fastags_left",
                    ["first_name": "Ravi", "mobile": "9123456780", "fastags_left": 100_001]
                ),
                ("PUT", "/agents/\(agent.id)", "wallet_balance_paise", ["wallet_balance_paise": .int(Self.crore + 1)]),
                ("PUT", "/agents/\(agent.id)", "fastags_left", ["fastags_left": huge]),
                ("POST", "/fastags/\(tag.id)/recharge", "amount_paise", ["amount_paise": huge]),
                (
                    "POST", "/fastags/\(tag.id)/activate", "amount_paise",
                    ["vehicle_id": .int(Int64(vehicle.id) ?? 0), "amount_paise": 10_000_001]
                ),
            ]
            for (method, path, field, body) in cases {
                expectError(try await server.call(method, path, json: body), 422, field: field)
            }
            for query in ["offset=1000000001", "offset=99999999999999999999", "limit=0", "agent_id=0"] {
                let field = String(query.prefix { $0 != "=" })
                expectError(try await server.call("GET", "/fastags/?\(query)"), 422, field: field)
            }
            #expect(try await server.fetch("/agents/\(agent.id)") == agent)
            #expect(try await server.fetch("/fastags/\(tag.id)") == tag)
            #expect(try await server.fetch("/fastags/")["total"] == 1)
            #expect(try await server.fetch("/agents/")["total"] == 1)

            // The bounds themselves are taken.
            let richest = try await server.post(
                "/fastags/", ["tag_number": "ABC-0002", "balance_paise": .int(Self.crore)])
            #expect(richest["balance_paise"] == .int(Self.crore))
            let busiest = try await server.put(
                "/agents/\(agent.id)", ["wallet_balance_paise": .int(Self.crore), "fastags_left": 100_000])
            #expect(busiest["wallet_balance_paise"] == .int(Self.crore) && busiest["fastags_left"] == 100_000)
        }
    }

    @Test func nullForAFieldThatIsNotNullableIs422AndChangesNothing() async throws {
        try await withServer { server in
            let agent = try await server.agent()
            let tag = try await server.fastag()
            let vehicle = try await server.vehicle()
            let session = try await server.session(["flow": "assign", "state": "plan"])
            let cases: [(String, String, String)] = [
                ("PUT", "/agents/\(agent.id)", "first_name"), ("PUT", "/agents/\(agent.id)", "status"),
                ("PUT", "/agents/\(agent.id)", "wallet_balance_paise"), ("PUT", "/fastags/\(tag.id)", "tag_number"),
                ("PUT", "/vehicles/\(vehicle.id)", "registration_number"),
                ("PUT", "/sessions/\(session.id)", "flow"), ("PUT", "/sessions/\(session.id)", "data"),
                ("POST", "/sessions/", "state"), ("POST", "/agents/", "last_name"),
            ]
            for (method, path, field) in cases {
                var body: [String: JSONValue] = [field: .null]
                if path == "/agents/" { body.merge(["first_name": "Ravi", "mobile": "9123456780"]) { $1 } }
                expectError(try await server.call(method, path, json: .object(body)), 422, field: field)
            }
            #expect(try await server.fetch("/agents/\(agent.id)") == agent)
            #expect(try await server.fetch("/fastags/\(tag.id)") == tag)
            #expect(try await server.fetch("/vehicles/\(vehicle.id)") == vehicle)
            #expect(try await server.fetch("/sessions/\(session.id)")["flow"] == "assign")
            #expect(try await server.fetch("/sessions/")["total"] == 1)
            #expect(try await server.fetch("/agents/")["total"] == 1)

            // Where the document says null, null clears.
            let named = try await server.put("/fastags/\(tag.id)", ["plan": "500 Plan", "customer_name": "Asha"])
            let cleared = try await server.put("/fastags/\(tag.id)", ["plan": nil, "customer_name": nil])
            #expect(named["plan"] == "500 Plan" && cleared["plan"] == .null && cleared["customer_name"] == .null)
            let linked = try await server.put("/agents/\(agent.id)", ["shauryapay_agent_id": "1042"])
            let unlinked = try await server.put("/agents/\(agent.id)", ["shauryapay_agent_id": nil])
            #expect(linked["shauryapay_agent_id"] == "1042" && unlinked["shauryapay_agent_id"] == .null)
        }
    }

    @Test func shauryapayAgentIDIsLettersDigitsDashesAndUnderscores() async throws {
        try await withServer { server in
            let agent = try await server.agent()
            for id in ["", "10 42", "1042\n", "<b>1042</b>", "१०४२", String(repeating: "7", count: 33), "a/b"] {
                let create: JSONValue = [
                    "first_name": "Ravi", "mobile": "9123456780", "shauryapay_agent_id": .string(id),
                ]
                expectError(try await server.call("POST", "/agents/", json: create), 422, field: "shauryapay_agent_id")
                let change: JSONValue = ["shauryapay_agent_id": .string(id)]
                expectError(
                    try await server.call("PUT", "/agents/\(agent.id)", json: change), 422,
                    field: "shauryapay_agent_id")
            }
            #expect(try await server.fetch("/agents/")["total"] == 1)
            #expect(try await server.fetch("/agents/\(agent.id)") == agent)
            for id in ["1042", "SBX-DEMO", "agent_7", String(repeating: "7", count: 32)] {
                let changed = try await server.put("/agents/\(agent.id)", ["shauryapay_agent_id": .string(id)])
                #expect(changed["shauryapay_agent_id"] == .string(id))
            }
        }
    }

    @Test func namesAreHeldTo50CharactersCountedAsUnicodeScalars() async throws {
        try await withServer { server in
            let tag = try await server.fastag()
            // One grapheme cluster of 61 scalars (all letters): one "character" to Swift, 61 to the schema.
            let stacked = "\u{915}" + String(repeating: "\u{93F}", count: 60)
            let padded = "Ravi" + String(repeating: " ", count: 47) + "K"
            for name in [stacked, padded, String(repeating: "a", count: 51)] {
                expectError(
                    try await server.call("PUT", "/fastags/\(tag.id)", json: ["customer_name": .string(name)]), 422,
                    field: "customer_name")
                let agent: JSONValue = ["first_name": .string(name), "mobile": "9123456780"]
                expectError(try await server.call("POST", "/agents/", json: agent), 422, field: "first_name")
            }
            #expect(try await server.fetch("/fastags/\(tag.id)") == tag)
            #expect(try await server.fetch("/agents/")["total"] == 0)
            let fifty = String(repeating: "\u{915}\u{93F}", count: 25)
            let named = try await server.put("/fastags/\(tag.id)", ["customer_name": .string(fifty)])
            #expect(named["customer_name"] == .string(fifty))
        }
    }

    @Test func lettersOutsideASCIIDoNotTurnIntoNumbers() async throws {
        try await withServer { server in
            // "ß".uppercased() is "SS": MH12Aß1234 read as MH12ASS1234, ßßßß as the barcode SSSSSSSS.
            expectError(
                try await server.call("POST", "/vehicles/", json: ["registration_number": "MH12Aß1234"]), 422,
                field: "registration_number")
            expectError(
                try await server.call("POST", "/fastags/", json: ["tag_number": "ßßßß"]), 422, field: "tag_number")
            #expect(try await server.fetch("/vehicles/")["total"] == 0)
            #expect(try await server.fetch("/fastags/")["total"] == 0)
        }
    }
}
