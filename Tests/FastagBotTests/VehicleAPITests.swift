import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// `/vehicles`: register, read, find by number, list, change, delete, and the maker, model
/// and descriptor lists.
@Suite(.onBothBackends) struct VehicleAPITests {
    @Test func registeredVehicleIsNormalisedStoredAndFoundByNumber() async throws {
        try await withServer { server in
            let created = try await server.post(
                "/vehicles/",
                [
                    "registration_number": "mh-12 ab 1234", "engine_last5": "k 4321",
                    "chassis_number": "MA3EWDE1S00123456",
                    "maker": "MARUTI", "model": "SWIFT", "descriptor": "Petrol", "colour": " WHITE ",
                    "vehicle_type": "Motor Car", "state_of_registration": "MH",
                ])
            #expect(created["registration_number"] == "MH12AB1234")
            #expect(created["engine_last5"] == "K4321")
            #expect(created["colour"] == "WHITE")
            #expect(created["maker"] == "MARUTI")
            #expect(created["vehicle_type"] == "Motor Car")
            #expect(try await server.fetch("/vehicles/\(created.id)") == created)
            for number in ["mh12ab1234", "MH12AB1234", "mh-12-ab-1234", "MH%2012%20AB%201234"] {
                #expect(try await server.fetch("/vehicles/by-number/\(number)") == created, "\(number)")
            }
            let page = try await server.fetch("/vehicles/")
            #expect(page["items"] == [created])
            #expect(page["total"] == 1)

            let bare = try await server.post("/vehicles/", ["registration_number": "22 BH 1234 AB"])
            #expect(bare["registration_number"] == "22BH1234AB")
            for field in [
                "engine_last5", "chassis_number", "maker", "model", "descriptor", "colour", "vehicle_type",
                "state_of_registration", "vehicle_class",
            ] {
                #expect(bare[field] == .null, "\(field)")
            }
        }
    }

    @Test func registrationNumbersFollowTheConversationRules() async throws {
        try await withServer { server in
            for (input, stored) in [
                ("DL1CAB1234", "DL1CAB1234"), ("ka05m1234", "KA05M1234"), ("22BH1234AB", "22BH1234AB"),
                ("21 bh 0001 a", "21BH0001A"), ("TN 01 1234", "TN011234"), ("GJ-5-ABC-9876", "GJ5ABC9876"),
            ] {
                let vehicle = try await server.post("/vehicles/", ["registration_number": .string(input)])
                #expect(vehicle["registration_number"] == .string(stored), "\(input)")
                #expect(try await server.fetch("/vehicles/by-number/\(stored.lowercased())") == vehicle)
            }
            for input in [
                "XX12AB1234", "MH12AB123", "MH12AB12345", "MH123AB1234", "MH12ABCD1234", "12MH1234", "20BH1234AB",
                "22BH1234ABC", "22BH123AB", "MH12AB12A4", "MH", "", "MH12/AB1234",
            ] {
                let reply = try await server.call("POST", "/vehicles/", json: ["registration_number": .string(input)])
                expectError(reply, 422, field: "registration_number")
            }
            let state = try await server.call("POST", "/vehicles/", json: ["registration_number": "XX12AB1234"])
            expectError(state, 422, mentioning: "XX is not an Indian state code")
            #expect(try await server.fetch("/vehicles/")["total"] == 6)
        }
    }

    @Test func invalidRegistrationsAre422NamingTheFieldAndStoreNothing() async throws {
        try await withServer { server in
            let number: JSONValue = "MH12AB1234"
            let cases: [(String, JSONValue)] = [
                ("registration_number", [:]), ("registration_number", ["maker": "MARUTI"]),
                ("registration_number", ["registration_number": 1234]),
                ("registration_number", ["registration_number": nil]),
                ("engine_last5", ["registration_number": number, "engine_last5": "K432"]),
                ("engine_last5", ["registration_number": number, "engine_last5": "K43210"]),
                ("engine_last5", ["registration_number": number, "engine_last5": "K4#21"]),
                ("maker", ["registration_number": number, "maker": 5]),
                ("colour", ["registration_number": number, "colour": .string(String(repeating: "W", count: 65))]),
                ("owner", ["registration_number": number, "owner": "Asha"]),
            ]
            for (field, body) in cases {
                expectError(try await server.call("POST", "/vehicles/", json: body), 422, field: field)
            }
            #expect(try await server.fetch("/vehicles/")["total"] == 0)
        }
    }

    @Test func duplicateRegistrationIs409InAnyFormat() async throws {
        try await withServer { server in
            let first = try await server.vehicle("MH12AB1234")
            for number in ["MH12AB1234", "mh 12 ab 1234", "MH-12-AB-1234"] {
                let reply = try await server.call("POST", "/vehicles/", json: ["registration_number": .string(number)])
                expectError(reply, 409, mentioning: "MH12AB1234")
            }
            #expect(try await server.fetch("/vehicles/")["items"] == [first])
        }
    }

    @Test func findByNumberRefusesInvalidAndUnknownNumbers() async throws {
        try await withServer { server in
            _ = try await server.vehicle("MH12AB1234")
            expectError(try await server.call("GET", "/vehicles/by-number/MH12AB9999"), 404, mentioning: "MH12AB9999")
            expectError(try await server.call("GET", "/vehicles/by-number/XX12AB1234"), 422, field: "vehicle_number")
            expectError(try await server.call("GET", "/vehicles/by-number/hello"), 422, field: "vehicle_number")
        }
    }

    @Test func makerAndDescriptorListsAreNotVehicleIDs() async throws {
        try await withServer { server in
            let makers = try await server.fetch("/vehicles/manufacturers")
            #expect(makers == ["items": .array(VehicleCatalog.makers.map(JSONValue.string))])
            #expect(makers["items"]?.arrayValue?.count == 14)
            #expect(makers["items"]?.arrayValue?.contains("MAHINDRA & MAHINDRA") == true)
            let descriptors = try await server.fetch("/vehicles/descriptors")
            #expect(descriptors == ["items": ["Petrol", "Diesel", "CNG", "Electric", "Hybrid"]])

            let toyota = try await server.fetch("/vehicles/manufacturers/TOYOTA/models")
            #expect(toyota["manufacturer"] == "TOYOTA")
            #expect(
                toyota["items"]
                    == [
                        "ALPHARD", "CAMRY", "COROLLA", "COROLLA ALTIS", "ETIOS", "ETIOS CROSS", "ETIOS LIVA",
                        "FORTUNER",
                        "GLANZA", "INNOVA",
                    ])
            #expect(try await server.fetch("/vehicles/manufacturers/toyota/models") == toyota)
            let mahindra = try await server.fetch("/vehicles/manufacturers/MAHINDRA%20%26%20MAHINDRA/models")
            #expect(mahindra["manufacturer"] == "MAHINDRA & MAHINDRA")
            #expect(mahindra["items"]?.arrayValue?.contains("SCORPIO") == true)
            for maker in VehicleCatalog.makers {
                let encoded = maker.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let models = try await server.fetch("/vehicles/manufacturers/\(encoded)/models")
                #expect(models["manufacturer"] == .string(maker))
                #expect(models["items"]?.arrayValue?.isEmpty == false, "\(maker)")
            }
            for unknown in ["BUGATTI", "MAHINDRA", "TOYOTA%20MOTORS", "1"] {
                let reply = try await server.call("GET", "/vehicles/manufacturers/\(unknown)/models")
                expectError(reply, 404, mentioning: "Unknown vehicle maker")
            }
            // A number-looking vehicle id still reaches the vehicle route.
            let vehicle = try await server.vehicle()
            #expect(try await server.fetch("/vehicles/\(vehicle.id)") == vehicle)
            expectError(try await server.call("GET", "/vehicles/models"), 404)
        }
    }

    @Test func putChangesOnlyTheFieldsSentAndNullClears() async throws {
        try await withServer { server in
            let vehicle = try await server.post(
                "/vehicles/",
                ["registration_number": "MH12AB1234", "engine_last5": "K4321", "maker": "MARUTI", "colour": "RED"])
            let changed = try await server.put(
                "/vehicles/\(vehicle.id)", ["colour": "WHITE", "descriptor": "Diesel", "engine_last5": nil])
            #expect(changed["colour"] == "WHITE")
            #expect(changed["descriptor"] == "Diesel")
            #expect(changed["engine_last5"] == .null)
            #expect(changed["maker"] == "MARUTI")
            #expect(changed["registration_number"] == "MH12AB1234")
            #expect(try await server.fetch("/vehicles/\(vehicle.id)") == changed)

            let renumbered = try await server.put("/vehicles/\(vehicle.id)", ["registration_number": "mh 12 ab 9999"])
            #expect(renumbered["registration_number"] == "MH12AB9999")
            #expect(try await server.fetch("/vehicles/by-number/MH12AB9999") == renumbered)
            expectError(try await server.call("GET", "/vehicles/by-number/MH12AB1234"), 404)
        }
    }

    @Test func failedPutChangesNothing() async throws {
        try await withServer { server in
            let vehicle = try await server.vehicle("MH12AB1234")
            let other = try await server.vehicle("KA05M1234")
            for (field, body) in [
                ("registration_number", ["colour": "BLUE", "registration_number": "XX12AB1234"]),
                ("engine_last5", ["colour": "BLUE", "engine_last5": "12"]),
                ("owner", ["colour": "BLUE", "owner": "Asha"]),
                ("model", ["colour": "BLUE", "model": ["SWIFT"]]),
            ] as [(String, JSONValue)] {
                expectError(try await server.call("PUT", "/vehicles/\(vehicle.id)", json: body), 422, field: field)
            }
            let taken = try await server.call(
                "PUT", "/vehicles/\(vehicle.id)", json: ["colour": "BLUE", "registration_number": "ka 05 m 1234"])
            expectError(taken, 409, mentioning: "KA05M1234")
            #expect(try await server.fetch("/vehicles/\(vehicle.id)") == vehicle)
            #expect(try await server.fetch("/vehicles/\(other.id)") == other)
        }
    }

    @Test func deleteIsRefusedWhileATagRefersToTheVehicle() async throws {
        try await withServer { server in
            let vehicle = try await server.vehicle("MH12AB1234")
            let spare = try await server.vehicle("MH12AB5678")
            let tag = try await server.fastag()
            _ = try await server.json(
                200, "POST", "/fastags/\(tag.id)/activate", json: ["vehicle_id": vehicle["id"]!])
            expectError(try await server.call("DELETE", "/vehicles/\(vehicle.id)"), 409, mentioning: "FASTag")
            // Still refused once the tag is deactivated: the tag's history names the vehicle.
            _ = try await server.json(200, "POST", "/fastags/\(tag.id)/deactivate")
            expectError(try await server.call("DELETE", "/vehicles/\(vehicle.id)"), 409)
            #expect(try await server.fetch("/vehicles/\(vehicle.id)") == vehicle)

            try await server.expectDeleted("/vehicles/\(spare.id)", lookups: ["/vehicles/by-number/MH12AB5678"])
            #expect(try await server.fetch("/vehicles/").itemIDs == [vehicle.id])
        }
    }

    @Test func listingPages() async throws {
        try await withServer { server in
            var ids: [String] = []
            for number in 1000..<1005 {
                ids.append(try await server.vehicle("MH12AB\(number)").id)
            }
            try await server.expectListing("/vehicles/", ids, limit: 2, offset: 2)
            for (query, field) in [("limit=0", "limit"), ("limit=1000", "limit"), ("offset=-1", "offset")] {
                expectError(try await server.call("GET", "/vehicles/?\(query)"), 422, field: field)
            }
        }
    }
}
