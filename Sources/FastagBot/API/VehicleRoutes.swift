import HTTPServerKit

/// `/vehicles`: registered vehicles, and the maker / model / descriptor lists.
struct VehicleRoutes {
    let storage: Storage

    var routes: [APIRoute] {
        let vehicles = storage.vehicles
        return [
            Self.collection.list { request in try await vehicles.list(page: try request.page()) },

            APIRoute(.get, "/vehicles/manufacturers", summary: "List vehicle makers", tag: "Vehicles", access: .admin) {
                _ in
                .json(["items": .array(VehicleCatalog.makers.map(JSONValue.string))])
            }
            .response(200, "Makers", Self.names, example: ["items": ["MARUTI", "TOYOTA"]]),

            APIRoute(
                .get, "/vehicles/manufacturers/{manufacturer}/models", summary: "List a maker's models",
                tag: "Vehicles",
                access: .admin
            ) { request in
                let name = request.parameter("manufacturer")
                guard let maker = VehicleCatalog.maker(named: name), let models = VehicleCatalog.models[maker] else {
                    throw StoreError.notFound("Unknown vehicle maker '\(name)'")
                }
                return .json(["manufacturer": .string(maker), "items": .array(models.map(JSONValue.string))])
            }
            .response(
                200, "Models",
                JSONSchema.object(
                    ["manufacturer": JSONSchema.string(), "items": JSONSchema.array(JSONSchema.string())],
                    required: ["manufacturer", "items"]),
                example: ["manufacturer": "TOYOTA", "items": ["CAMRY", "FORTUNER"]]
            )
            .errors(404),

            APIRoute(
                .get, "/vehicles/descriptors", summary: "List vehicle descriptors", tag: "Vehicles", access: .admin
            ) { _ in
                .json(["items": .array(VehicleCatalog.descriptors.map(JSONValue.string))])
            }
            .response(200, "Fuel / drive descriptors", Self.names, example: ["items": ["Petrol", "Diesel"]]),

            APIRoute(
                .get, "/vehicles/by-number/{vehicle_number}", summary: "Find a vehicle by registration number",
                tag: "Vehicles", access: .admin
            ) { request in
                let number = try RequestBody.validateParameter(
                    request.parameter("vehicle_number"), "vehicle_number", Validators.vehicleNumber)
                guard let vehicle = try await vehicles.find(registrationNumber: number) else {
                    throw StoreError.notFound("Vehicle \(number) not found")
                }
                return .json(vehicle.json)
            }
            .describe("The number is normalised first: `mh-12 ab 1234` finds MH12AB1234.")
            .response(200, "The vehicle", JSONSchema.ref("Vehicle"), example: Examples.vehicle)
            .errors(404, 422),

            Self.collection.get(vehicles.get),

            Self.collection.create(
                "Register a vehicle", body: Self.input(required: ["registration_number"]), example: Examples.newVehicle,
                store: vehicles.create
            ) { body in
                let fields = try Self.fields(&body)
                guard fields.registrationNumber != nil else { throw missing("registration_number") }
                return fields
            }
            .errors(400, 409, 422),

            Self.collection.change(
                body: Self.input(required: []), example: ["colour": "WHITE", "descriptor": "Diesel"],
                apply: vehicles.update, read: Self.fields
            )
            .describe("Only the fields sent change; null clears an optional field."),

            Self.collection.delete(vehicles.delete)
                .describe("Refused while a FASTag refers to the vehicle.")
                .errors(404, 409),
        ]
    }

    static let collection = CollectionRoutes<Vehicle, Int64>(
        path: "/vehicles", tag: "Vehicles", noun: "vehicle", article: "a", plural: "vehicles", schema: "Vehicle",
        example: Examples.vehicle, json: \.json)

    private static let names = JSONSchema.object(["items": JSONSchema.array(JSONSchema.string())], required: ["items"])

    private static func fields(_ body: inout RequestBody) throws -> VehicleFields {
        var fields = VehicleFields(
            registrationNumber: try body.validated("registration_number", Validators.vehicleNumber))
        if body.contains("engine_last5") {
            fields.engineLast5 = .some(try body.validated("engine_last5", nullable: true, Validators.engineLast5))
        }
        let paths: [(String, WritableKeyPath<VehicleFields, String??>)] = [
            ("chassis_number", \.chassisNumber), ("maker", \.maker), ("model", \.model), ("descriptor", \.descriptor),
            ("colour", \.colour), ("vehicle_type", \.vehicleType), ("state_of_registration", \.stateOfRegistration),
        ]
        let limited = APIInput.text(maxLength: InputLimits.textLength)
        for (name, path) in paths where body.contains(name) {
            // Held to the limit as sent, so the schema's maxLength says exactly what passes.
            let text = try body.validated(name, nullable: true, limited)?.trimming(" \t")
            fields[keyPath: path] = .some(text.map(String.init))
        }
        return fields
    }

    private static func input(required: [String]) -> JSONValue {
        JSONSchema.object(
            [
                "registration_number": Schemas.vehicleNumberInput(),
                "engine_last5": JSONSchema.string(
                    "Last 5 letters or digits of the engine number; spaces, dots and dashes are dropped.",
                    pattern: InputPatterns.engineLast5, example: "K4321", nullable: true),
                "chassis_number": Schemas.text(nullable: true), "maker": Schemas.text(nullable: true),
                "model": Schemas.text(nullable: true), "descriptor": Schemas.text(nullable: true),
                "colour": Schemas.text(nullable: true), "vehicle_type": Schemas.text(nullable: true),
                "state_of_registration": Schemas.text(nullable: true),
            ], required: required)
    }
}
