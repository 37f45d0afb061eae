import FastagTestKit
import Foundation
import Testing

@testable import FastagBot

/// The vehicle class in the books, on both backends: an activation keeps it with the vehicle
/// and the tag, rows from before stay unknown (NULL), and the schema takes only a class id.
@Suite(.onBothBackends) struct VehicleClassStorageTests {
    @Test func anActivationKeepsTheClassWithTheVehicleAndTheTag() async throws {
        let database = try TestDatabase("fastag-vehicle-class")
        defer { database.remove() }
        let storage = try database.storage()
        let agent = try await storage.agents.create(NewAgent(firstName: "Ravi", mobile: "9000000001"))
        var tagFields = FastagFields(tagNumber: "608268-006-0046789")
        tagFields.agentID = .some(agent.id)
        let tag = try await storage.fastags.create(tagFields)
        #expect(tag.vehicleClass == nil)

        var vehicleFields = VehicleFields(registrationNumber: "MH04BS1006")
        vehicleFields.vehicleClass = .some("6")
        let bus = try await storage.vehicles.create(vehicleFields)
        let active = try await storage.fastags.activate(tag.id, Activation(vehicleID: bus.id, vehicleClass: "6"))
        #expect(active.vehicleClass == "6" && active.status == .active)
        #expect(try await storage.vehicles.find(registrationNumber: "MH04BS1006")?.vehicleClass == "6")
        #expect(active.json["vehicle_class"] == "6" && bus.json["vehicle_class"] == "6")

        // A vehicle stored without a class shows null, and a change of other fields keeps the class.
        let car = try await storage.vehicles.create(VehicleFields(registrationNumber: "MH12AB1234"))
        #expect(car.vehicleClass == nil && car.json["vehicle_class"] == .null)
        var colour = VehicleFields()
        colour.colour = .some("RED")
        #expect(try await storage.vehicles.update(bus.id, colour).vehicleClass == "6")
    }

    @Test(arguments: ["A", "123", "4 ", ""]) func theSchemaTakesOnlyAClassID(_ value: String) async throws {
        let database = try TestDatabase("fastag-vehicle-class-check")
        defer { database.remove() }
        let storage = try database.storage()
        var fields = VehicleFields(registrationNumber: "MH12AB1234")
        fields.vehicleClass = .some(value)
        do {
            _ = try await storage.vehicles.create(fields)
            Issue.record("vehicle_class '\(value)' was stored")
        } catch let StoreError.conflict(message) {
            #expect(message.hasPrefix("Refused by the stored data's rules") && message.contains("vehicle_class"))
        }
    }
}
