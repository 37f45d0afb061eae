import FastagBot
import Foundation
import HTTPServerKit

/// The fact sheet's rules for a request, checked before it is answered.
extension FakeShauryapay {
    /// Method, path and Content-Type; for a POST, a JSON object of strings with exactly the
    /// documented keys.
    static func checkTransport(_ request: HTTPRequest, endpoint: String, body: JSONValue?) -> [String] {
        guard request.path.hasPrefix(basePath) else { return ["path \(request.path) is not under \(basePath)"] }
        if getEndpoints.contains(endpoint) {
            var problems: [String] = []
            if request.method != .get { problems.append("method \(request.method), expected GET") }
            if !request.body.isEmpty { problems.append("a GET with a body") }
            if !request.rawQuery.isEmpty { problems.append("a GET with parameters") }
            return problems
        }
        guard let keys = postKeys[endpoint] else { return ["unknown endpoint \(request.path)"] }
        var problems: [String] = []
        if request.method != .post { problems.append("method \(request.method), expected POST") }
        if request.headers["Content-Type"]?.lowercased().hasPrefix("application/json") != true {
            problems.append("Content-Type \(request.headers["Content-Type"] ?? "none"), expected application/json")
        }
        guard let object = body?.objectValue else { return problems + ["the body is not a JSON object"] }
        let sent = Set(object.keys)
        if sent != keys {
            let missing = keys.subtracting(sent).sorted()
            let extra = sent.subtracting(keys).sorted()
            problems.append("body keys: missing \(missing), unexpected \(extra)")
        }
        for (key, value) in object where value.stringValue == nil {
            problems.append("\(key) is \(value.typeName), the API takes strings")
        }
        return problems
    }

    static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: "^(?:\(pattern))$", options: .regularExpression) != nil
    }

    static let vehiclePattern = "[A-Z]{2}[0-9]{1,2}[A-Z]{0,3}[0-9]{4}|[0-9]{2}BH[0-9]{4}[A-Z]{1,2}"
    static let mobilePattern = "[6-9][0-9]{9}"
    /// D/M/YYYY without zero padding, as the production app's date pickers produce.
    static let datePattern = "[1-9][0-9]?/[1-9][0-9]?/[0-9]{4}"

    static func realDate(_ text: String) -> Bool {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 3 else { return false }
        return CalendarDate(year: parts[2], month: parts[1], day: parts[0]) != nil
    }

    /// Checks that need no state: formats and enumerations.
    static func checkValues(_ endpoint: String, _ body: JSONValue) -> [String] {
        let value = { (key: String) in body[key]?.stringValue ?? "" }
        var problems: [String] = []
        func expect(_ condition: Bool, _ problem: @autoclosure () -> String) {
            if !condition { problems.append(problem()) }
        }
        if body["agent_id"] != nil {
            expect(value("agent_id") == agentID, "agent_id '\(value("agent_id"))', expected '\(agentID)'")
        }
        if body["vehicle_number"] != nil {
            expect(matches(value("vehicle_number"), vehiclePattern), "vehicle_number '\(value("vehicle_number"))'")
        }
        if body["mobile_number"] != nil {
            expect(matches(value("mobile_number"), mobilePattern), "mobile_number '\(value("mobile_number"))'")
        }
        if body["isChassis"] != nil {
            expect(["0", "1"].contains(value("isChassis")), "isChassis '\(value("isChassis"))'")
            if value("isChassis") == "1" {
                expect(matches(value("chassisNo"), "[A-HJ-NPR-Z0-9]{17}"), "chassisNo '\(value("chassisNo"))'")
            } else {
                expect(value("chassisNo").isEmpty, "chassisNo '\(value("chassisNo"))' with isChassis 0")
            }
        }
        if body["otp"] != nil {
            expect(matches(value("otp"), "[0-9]{6}"), "otp '\(value("otp"))' is not 6 digits")
        }
        switch endpoint {
        case "update_customer_details":
            for key in ["name", "lastName"] {
                expect(matches(value(key), "[A-Za-z][A-Za-z .'-]{0,49}"), "\(key) '\(value(key))'")
            }
            expect(
                matches(value("dob"), datePattern) && realDate(value("dob")),
                "dob '\(value("dob"))' is not D/M/YYYY")
            let docType = value("docType")
            let docPatterns = [
                "1": "[A-Z]{3}P[A-Z][0-9]{4}[A-Z]", "2": "[A-Z]{2}[0-9]{13}", "3": "[A-Z]{3}[0-9]{7}",
                "4": "[A-Z][0-9]{7}",
            ]
            if let pattern = docPatterns[docType] {
                expect(matches(value("docNo"), pattern), "docNo '\(value("docNo"))' does not fit docType \(docType)")
            } else {
                problems.append("docType '\(docType)' is not 1-4")
            }
            if docType == "2" || docType == "4" {
                expect(
                    matches(value("expiryDate"), datePattern) && realDate(value("expiryDate")),
                    "expiryDate '\(value("expiryDate"))' is not D/M/YYYY")
            } else {
                expect(value("expiryDate").isEmpty, "expiryDate '\(value("expiryDate"))' for docType \(docType)")
            }
            expect(plans.contains { $0.id == value("plan_id") }, "plan_id '\(value("plan_id"))' was never offered")
        case "uploadDocument":
            expect(imageTypes.contains(value("imageType")), "imageType '\(value("imageType"))'")
            let image = value("image")
            if let bytes = Data(base64Encoded: image) {
                let jpeg = bytes.starts(with: [0xFF, 0xD8, 0xFF])
                let png = bytes.starts(with: [0x89, 0x50, 0x4E, 0x47])
                expect(jpeg || png, "image is neither JPEG nor PNG")
                // What the production app sends; a PNG is passed on as it came.
                expect(!jpeg || bytes.count <= 200 * 1024, "a JPEG of \(bytes.count) bytes (the app sends ≤ 200 KB)")
            } else {
                problems.append("image is not plain base64 (\(image.prefix(16))…)")
            }
        case "vehicleModelList":
            expect(makers.contains(value("vehicleMake")), "vehicleMake '\(value("vehicleMake"))' was never offered")
        case "set_manually_vehicle_details":
            let maker = value("vehicleManuf")
            expect(makers.contains(maker), "vehicleManuf '\(maker)' was never offered")
            expect(models[maker]?.contains(value("model")) == true, "model '\(value("model"))' is not a \(maker)")
            expect(
                descriptors.contains(value("vehicleDescriptor")), "vehicleDescriptor '\(value("vehicleDescriptor"))'")
            expect(value("NPCIstatus") == "Active", "NPCIstatus '\(value("NPCIstatus"))'")
            expect(["LMV", "LPV", "LGV", "HMV", "HPV", "HGV"].contains(value("type")), "type '\(value("type"))'")
            expect(!value("vehicleType").isEmpty, "vehicleType is empty")
            expect(matches(value("npciVehicleClassID"), "[0-9]{1,2}"), "npciVehicleClassID")
            expect(
                vehicleClasses.contains { $0.id == value("tagVehicleClassID") },
                "tagVehicleClassID '\(value("tagVehicleClassID"))' is not in get_vehicle_class_api")
            expect(["0", "1"].contains(value("isNationalPermit")), "isNationalPermit '\(value("isNationalPermit"))'")
            if value("isNationalPermit") == "0" {
                expect(value("permitExpiryDate").isEmpty, "permitExpiryDate without a national permit")
            }
            expect(matches(value("stateOfRegistration"), "[A-Z]{2}"), "stateOfRegistration")
        case "rep_generate_otp_by_vehicle":
            expect(["1", "2", "3", "99"].contains(value("reason")), "reason '\(value("reason"))'")
            if value("reason") == "99" {
                expect(!value("reasonDesc").isEmpty, "reasonDesc is empty for Others")
            }
        default:
            break
        }
        return problems
    }

}
