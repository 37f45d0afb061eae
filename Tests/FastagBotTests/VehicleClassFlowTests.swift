import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// The vehicle class end to end: the sandbox's demo vehicles of several classes through the
/// step API and the messages, and the live client against the fake Shauryapay, which checks
/// the class of every activation. The books show the class through the REST API.
@Suite(.onBothBackends) struct VehicleClassFlowTests {
    @Test func aBusThroughTheStepEndpoints() async throws {
        try await SandboxBed.run { bed in
            let menu = try await bed.login()
            let script = AssignScript.sandboxDemo(SandboxCatalog.bus)
            try await bed.driver.run(script.endpointMoves(), session: menu)
            try await bed.server.expectActivated(
                script, session: menu, agentMobile: SandboxCatalog.demoMobile, walletPaise: 450_000, fastags: 9)
            let bus = try await bed.server.fetch("/vehicles/by-number/\(SandboxCatalog.bus.number)")
            #expect(bus["vehicle_class"] == "6" && bus["vehicle_type"] == "Bus")
        }
    }

    @Test func aGoodsCarrierAndACarThroughMessages() async throws {
        try await SandboxBed.run { bed in
            var session = try await bed.login()
            for (vehicle, wallet, fastags) in [
                (SandboxCatalog.goodsCarrier, "₹4,500", 9), (SandboxCatalog.car, "₹4,000", 8),
            ] {
                var script = AssignScript.sandboxDemo(vehicle)
                (script.wallet, script.fastags) = (wallet, fastags)
                let done = try #require(try await bed.driver.run(script.messageMoves(), session: session))
                try await bed.server.expectActivated(
                    script, session: session, agentMobile: SandboxCatalog.demoMobile,
                    walletPaise: fastags == 9 ? 450_000 : 400_000, fastags: Int64(fastags))
                session = try #require(done.sessionID)
            }
        }
    }

    @Test func theClassIsAskedWhenTheRegistryHasNone() async throws {
        try await SandboxBed.run { bed in
            let menu = try await bed.login()
            let script = AssignScript.sandboxDemo(SandboxCatalog.classless, classAsked: "Car / Jeep / Van")
            try await bed.driver.run(script.endpointMoves(), session: menu)
            try await bed.server.expectActivated(
                script, session: menu, agentMobile: SandboxCatalog.demoMobile, walletPaise: 450_000, fastags: 9)
        }
    }

    @Test func aBusTagIsNotOfferedForACar() async throws {
        try await SandboxBed.run { bed in
            let menu = try await bed.login()
            let script = AssignScript.sandbox()
            let moves = script.endpointMoves()
            let serial = try #require(moves.firstIndex { $0.path.hasSuffix("/serial_number") })
            try await bed.driver.run(moves[..<serial], session: menu)
            let refused = try await bed.driver.refused(
                "/fastags/assign/serial_number", ["session_id": .string(menu), "serial_number": "0123"],
                step: "serial")
            #expect(
                refused.message
                    == Copy.barcodeOfOtherClass(
                        "608268-001-0090123", tagClass: "6 (Bus (2 axles))", wanted: Copy.carClass) + "\n\n"
                    + Copy.askSerial, "\(refused.message)")
        }
    }

    @Test func liveActivationCarriesTheClassOfTheRegistry() async throws {
        try await LiveBed.run { live in
            live.fake.barcodes += [FakeShauryapay.goodsBarcode, FakeShauryapay.busBarcode]
            let session = try await live.login(fastags: 6)
            var script = AssignScript.fakeShauryapay(vehicle: FakeShauryapay.bus)
            (script.barcode, script.vehicleClass, script.fastags) = (
                FakeShauryapay.busBarcode, "6 (Bus (2 axles))", 5
            )
            try await live.driver.run(script.endpointMoves(), session: session)
            #expect(live.fake.problems.isEmpty, "\(live.fake.problems)")
            #expect(live.fake.activations.map(\.vehicleClass) == ["6"])
            let request = try #require(live.fake.requests("update_vehicle_details").first)
            #expect(request["tagVehicleClassID"] == "6" && request["npciVehicleClassID"] == "6")
            #expect(live.fake.requests("get_vehicle_class_api").isEmpty)
            let tag = try await live.server.fetch("/fastags/by-tag/\(FakeShauryapay.busBarcode)")
            #expect(tag["vehicle_class"] == "6")
        }
    }

    @Test func liveAskedClassIsSetByHandAndSentOnActivation() async throws {
        try await LiveBed.run { live in
            live.fake.barcodes += [FakeShauryapay.goodsBarcode]
            let session = try await live.login(fastags: 5)
            var script = AssignScript.fakeShauryapay(vehicle: FakeShauryapay.classless)
            (script.barcode, script.vehicleClass, script.fastags) = (
                FakeShauryapay.goodsBarcode, "5 (Light Commercial Vehicle)", 4
            )
            script.classAsked = (FakeShauryapay.vehicleClasses, "Light Commercial Vehicle")
            try await live.driver.run(script.endpointMoves(), session: session)
            #expect(live.fake.problems.isEmpty, "\(live.fake.problems)")
            let list = try #require(live.fake.requests("get_vehicle_class_api").first)
            #expect(list.method == "GET" && list.body == nil)
            let manual = try #require(live.fake.requests("set_manually_vehicle_details").first)
            #expect(manual["tagVehicleClassID"] == "5" && manual["npciVehicleClassID"] == "5")
            #expect(manual["type"] == "LGV" && manual["vehicleType"] == "Goods Carrier")
            #expect(live.fake.activations.map(\.vehicleClass) == ["5"])
            let car = try await live.server.fetch("/vehicles/by-number/\(FakeShauryapay.classless)")
            #expect(car["vehicle_class"] == "5")
        }
    }

    @Test func openAPIListsTheClassAndTheClassQuestion() async throws {
        try await withServer { server in
            let spec = try await server.spec()
            for name in ["Vehicle", "Fastag"] {
                let schema = spec["components"]?["schemas"]?[name]
                #expect(schema?["properties"]?["vehicle_class"]?["pattern"] == "^[0-9]{1,2}$", "\(name)")
                #expect(schema?["required"]?.arrayValue?.contains("vehicle_class") == true, "\(name)")
            }
            let step = spec["paths"]?["/fastags/assign/vehicle_class"]?["post"]
            #expect(step != nil && step?["summary"]?.stringValue?.contains("Vehicle class") == true, "\(step ?? nil)")
        }
    }
}
