import FastagBot
import Foundation
import HTTPServerKit
import Synchronization

/// Shauryapay's FASTag API as protocols/shauryapay.md describes it, on a loopback port.
///
/// It answers like the real service (HTTP 200, `{"status":"true"|"false","message":…,"data":…}`
/// with string values; the Bajaj-relayed endpoints nest their own result in `data[0].response`)
/// and it checks every request against the fact sheet: method, path (base + endpoint name),
/// Content-Type, the exact set of body keys, every value's format (docType codes, imageType
/// names, D/M/YYYY dates, 10-digit mobiles, …) and the values a client must carry between
/// calls (`requestId`/`sessionId` of the latest `generate_otp_by_vehicle`, the chosen
/// barcode as `serialNo`). A request that breaks the contract is answered with HTTP 400 and
/// listed in `problems`, which every test expects to be empty.
///
/// Each endpoint can be scripted to misbehave (slowly, HTTP 500, `status: "false"`, broken
/// JSON, a failed upstream result), once per scripted behaviour or always.
final class FakeShauryapay: Sendable {
    /// One request as received.
    struct Request: Sendable {
        let method: String
        let path: String
        let endpoint: String
        let contentType: String?
        /// The JSON body (nil for a GET or a body that is not JSON).
        let body: JSONValue?

        subscript(key: String) -> String? { body?[key]?.stringValue }
        var keys: Set<String> { Set(body?.objectValue?.keys.map { $0 } ?? []) }
    }

    /// How an endpoint misbehaves.
    enum Behaviour: Sendable, Equatable {
        /// Waits this long, then answers as usual (the client has usually given up by then).
        case slow(Duration)
        /// This HTTP status with a text body.
        case httpError(Int)
        /// `{"status":"false","message":…,"data":[]}`.
        case refuse(String)
        /// HTTP 200 with a body cut off in the middle of the JSON.
        case brokenJSON
        /// `status: "true"` but `data[0].response.status: "failed"` with this `msg` (and
        /// `errorDesc`, the `msg` when not given).
        case upstreamFailed(String, errorDesc: String? = nil)
        /// `status: "true"` with this message and an empty `data` list.
        case emptyData(String)
    }

    /// The demo agent's id at Shauryapay (`agent_id` in every call).
    static let agentID = "SP-AG-4711"
    /// The customer OTP the fake accepts.
    static let customerOTP = "482913"
    static let basePath = "/testing/"

    static let plans: [(id: String, name: String, paise: Int64)] = [
        ("31", "400 Plan", 40_000), ("32", "500 Plan", 50_000),
    ]
    static let makers = ["MARUTI", "TOYOTA", "HYUNDAI", "TATA"]
    static let models: [String: [String]] = [
        "MARUTI": ["SWIFT", "DZIRE", "BALENO"], "TOYOTA": ["COROLLA", "ETIOS", "INNOVA"],
        "HYUNDAI": ["I20", "VENUE", "CRETA"], "TATA": ["NEXON", "PUNCH"],
    ]
    static let descriptors = ["Petrol", "Diesel", "CNG", "Electric"]
    static let imageTypes = ["RCFRONT", "RCBACK", "VEHICLEFRONT", "VEHICLESIDE", "TAGAFFIX"]
    static let initialBarcodes = ["34161-220-0004321", "34161-220-0005432", "34161-220-0016543", "34161-220-0027654"]

    /// Body keys of every POST endpoint, exactly as the production app sends them.
    static let postKeys: [String: Set<String>] = [
        "generate_otp_by_vehicle": ["vehicle_number", "agent_id", "mobile_number", "isChassis", "chassisNo"],
        "validate_otp_bajaj": ["otp", "requestId", "sessionId", "agent_id", "vehicle_number"],
        "get_agent_plan": ["agent_id"],
        "update_customer_details": [
            "name", "lastName", "dob", "docType", "docNo", "expiryDate", "plan_id", "vehicle_number", "sessionId",
            "agent_id",
        ],
        "uploadDocument": ["agent_id", "sessionId", "imageType", "image"],
        "get_my_available_barcode": ["agent_id"],
        "vehicleMakerList": ["sessionId", "agent_id", "vehicle_number"],
        "vehicleModelList": ["sessionId", "vehicleMake", "agent_id", "vehicle_number"],
        "set_manually_vehicle_details": [
            "vehicleManuf", "model", "vehicleColour", "NPCIstatus", "type", "vehicleType", "npciVehicleClassID",
            "tagVehicleClassID", "agent_id", "vehicle_number", "vehicleDescriptor", "isNationalPermit",
            "permitExpiryDate", "stateOfRegistration",
        ],
        "update_vehicle_details": ["sessionId", "vehicle_number", "chassisNo", "serialNo", "agent_id"],
        "rep_generate_otp_by_vehicle": [
            "vehicle_number", "agent_id", "mobile_number", "serialNo", "reason", "reasonDesc", "isChassis", "chassisNo",
        ],
        "rep_validate_otp_bajaj": ["otp", "requestId", "sessionId", "agent_id", "vehicle_number"],
        "wallet_total_amount_api": ["agent_id"],
    ]
    /// GET endpoints (no parameters, no body).
    static let getEndpoints: Set<String> = ["get_vehicleDescriptor", "get_state_code"]

    /// A provider session of one issuance or replacement.
    struct Issued: Sendable {
        var requestID: String
        var kind: String
        var vehicle: String
        var mobile: String
        var superseded = false
        var validated = false
        /// Whether the registry knew the vehicle (else `set_manually_vehicle_details` is needed).
        var registryComplete = false
        var planID: String?
        var uploads: [String] = []
        var manualDetails = false
        var activated = false
        /// Replacement: the new barcode.
        var serialNo: String?
    }

    struct Activation: Sendable, Equatable {
        var sessionID: String
        var vehicle: String
        var serialNo: String
        var amountPaise: Int64
    }

    private struct State {
        var requests: [Request] = []
        var problems: [String] = []
        var scripts: [String: [Behaviour]] = [:]
        var always: [String: Behaviour] = [:]
        var sessions: [String: Issued] = [:]
        var counter = 0
        var walletPaise: Int64 = 500_000
        var barcodes = FakeShauryapay.initialBarcodes
        var activations: [Activation] = []
        var replacements: [Activation] = []
    }

    /// The state, in a class so the server's handler can share it.
    private final class Store: Sendable {
        let state = Mutex(State())
    }

    private let store = Store()
    private let server: HTTPServer

    init() throws {
        let store = self.store
        server = HTTPServer(
            configuration: HTTPServerConfiguration(
                host: "127.0.0.1", port: 0, shutdownGracePeriod: .milliseconds(200))
        ) { request in
            await Self.respond(request, store)
        }
        try server.start()
    }

    /// `http://127.0.0.1:PORT/testing/`
    var baseURL: String { "http://127.0.0.1:\(server.port)\(Self.basePath)" }

    func stop() async { await server.shutdown() }

    // MARK: - Scripting and inspection

    /// The next calls of `endpoint` misbehave in this order (one behaviour per call).
    func script(_ endpoint: String, _ behaviours: Behaviour...) {
        store.state.withLock { $0.scripts[endpoint, default: []].append(contentsOf: behaviours) }
    }

    /// Every call of `endpoint` misbehaves like this (nil: behaves again).
    func always(_ endpoint: String, _ behaviour: Behaviour?) {
        store.state.withLock { $0.always[endpoint] = behaviour }
    }

    /// Requests received, in order; only those of `endpoint` when given.
    func requests(_ endpoint: String? = nil) -> [Request] {
        store.state.withLock { state in state.requests.filter { endpoint == nil || $0.endpoint == endpoint } }
    }

    /// The endpoints called, in order.
    var calls: [String] { store.state.withLock { $0.requests.map(\.endpoint) } }

    /// Contract violations seen so far.
    var problems: [String] { store.state.withLock { $0.problems } }

    var walletPaise: Int64 {
        get { store.state.withLock { $0.walletPaise } }
        set { store.state.withLock { $0.walletPaise = newValue } }
    }

    var barcodes: [String] {
        get { store.state.withLock { $0.barcodes } }
        set { store.state.withLock { $0.barcodes = newValue } }
    }

    var activations: [Activation] { store.state.withLock { $0.activations } }
    var replacements: [Activation] { store.state.withLock { $0.replacements } }

    func session(_ id: String) -> Issued? { store.state.withLock { $0.sessions[id] } }

    /// Forgets the requests seen (not the books).
    func clearRequests() { store.state.withLock { $0.requests = [] } }

    /// A vehicle whose number ends in an even digit is known to the registry (maker, model
    /// and descriptor filled); an odd one comes back empty.
    static func registryKnows(_ vehicle: String) -> Bool {
        (vehicle.last?.wholeNumberValue ?? 1) % 2 == 0
    }

    static func rupees(_ paise: Int64) -> String {
        "\(paise / 100).\(String(format: "%02d", Int(paise % 100)))"
    }

    // MARK: - Answering

    private static func respond(_ request: HTTPRequest, _ store: Store) async -> HTTPResponse {
        let path = request.path
        let endpoint = path.hasPrefix(basePath) ? String(path.dropFirst(basePath.count)) : path
        let method = request.method.rawValue
        let contentType = request.headers["Content-Type"]
        let body = request.body.isEmpty ? nil : try? JSONValue.parse(request.body)
        let recorded = Request(method: method, path: path, endpoint: endpoint, contentType: contentType, body: body)
        store.state.withLock { $0.requests.append(recorded) }

        var problems = checkTransport(request, endpoint: endpoint, body: body)
        if problems.isEmpty, let body { problems = checkValues(endpoint, body) }
        if !problems.isEmpty {
            store.state.withLock { $0.problems += problems.map { "\(endpoint): \($0)" } }
            return .text("bad request: \(problems.joined(separator: "; "))", status: HTTPStatus(code: 400))
        }

        let behaviour = store.state.withLock { state -> Behaviour? in
            if var queue = state.scripts[endpoint], !queue.isEmpty {
                let next = queue.removeFirst()
                state.scripts[endpoint] = queue
                return next
            }
            return state.always[endpoint]
        }
        var delay: Duration?
        switch behaviour {
        case .slow(let duration)?:
            // The request is carried out at once; only the answer is late (lost, when the
            // client has given up by then).
            delay = duration
        case .httpError(let code)?:
            return .text("Internal Server Error", status: HTTPStatus(code: code))
        case .refuse(let message)?:
            return envelope(false, message, data: [])
        case .brokenJSON?:
            return .json(bytes: Array(#"{"status":"true","message":"Success","data":[{"requestId":"#.utf8))
        case .upstreamFailed(let message, let description)?:
            var result = upstream(false, message)
            result["errorDesc"] = .string(description ?? message)
            return envelope(true, "Success", data: [["response": .object(result)]])
        case .emptyData(let message)?:
            return envelope(true, message, data: [])
        case nil:
            break
        }
        let response = store.state.withLock { state in
            let (response, problems) = answer(endpoint, body ?? [:], &state)
            state.problems += problems.map { "\(endpoint): \($0)" }
            return problems.isEmpty
                ? response : .text("bad request: \(problems.joined(separator: "; "))", status: HTTPStatus(code: 400))
        }
        if let delay { try? await Task.sleep(for: delay) }
        return response
    }

    /// Method, path and Content-Type; for a POST, a JSON object of strings with exactly the
    /// documented keys.
    private static func checkTransport(_ request: HTTPRequest, endpoint: String, body: JSONValue?) -> [String] {
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

    // MARK: - Value formats

    private static func matches(_ text: String, _ pattern: String) -> Bool {
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
    private static func checkValues(_ endpoint: String, _ body: JSONValue) -> [String] {
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
            expect(matches(value("tagVehicleClassID"), "[0-9]{1,2}"), "tagVehicleClassID")
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

    // MARK: - The service

    private static func envelope(_ ok: Bool, _ message: String, data: JSONValue?) -> HTTPResponse {
        var object: [String: JSONValue] = ["status": .string(ok ? "true" : "false"), "message": .string(message)]
        if let data { object["data"] = data }
        return .json(bytes: Array(JSONValue.object(object).jsonText.utf8))
    }

    private static func upstream(_ ok: Bool, _ message: String) -> [String: JSONValue] {
        [
            "msg": .string(message), "status": .string(ok ? "success" : "failed"), "code": .string(ok ? "00" : "E01"),
            "errorCode": .string(ok ? "" : "E01"), "errorDesc": .string(ok ? "" : message),
        ]
    }

    /// The issuance session a call names, checked: known, the latest for its vehicle, and
    /// of the right kind; `validated` when the customer OTP must have been checked.
    private static func issued(
        _ body: JSONValue, kind: String, validated: Bool, _ state: State, _ problems: inout [String]
    ) -> Issued? {
        let id = body["sessionId"]?.stringValue ?? ""
        guard let session = state.sessions[id], session.kind == kind else {
            problems.append(
                "sessionId '\(id)' was not issued by \(kind == "assign" ? "" : "rep_")generate_otp_by_vehicle")
            return nil
        }
        if session.superseded { problems.append("sessionId '\(id)' was replaced by a newer OTP request") }
        if let vehicle = body["vehicle_number"]?.stringValue, vehicle != session.vehicle {
            problems.append("vehicle_number '\(vehicle)' is not the session's \(session.vehicle)")
        }
        if let request = body["requestId"]?.stringValue, request != session.requestID {
            problems.append("requestId '\(request)' does not belong to sessionId '\(id)'")
        }
        if validated && !session.validated { problems.append("sessionId '\(id)' is used before the OTP was validated") }
        return session
    }

    private static func issue(kind: String, _ body: JSONValue, _ state: inout State) -> (String, String) {
        state.counter += 1
        let requestID = "REQ\(1000 + state.counter)"
        let sessionID = "SES\(9000 + state.counter)"
        let vehicle = body["vehicle_number"]?.stringValue ?? ""
        for (id, session) in state.sessions where session.kind == kind && session.vehicle == vehicle {
            state.sessions[id]?.superseded = true
        }
        state.sessions[sessionID] = Issued(
            requestID: requestID, kind: kind, vehicle: vehicle, mobile: body["mobile_number"]?.stringValue ?? "",
            serialNo: kind == "replace" ? body["serialNo"]?.stringValue : nil)
        return (requestID, sessionID)
    }

    private static func answer(_ endpoint: String, _ body: JSONValue, _ state: inout State) -> (
        HTTPResponse, [String]
    ) {
        var problems: [String] = []
        let value = { (key: String) in body[key]?.stringValue ?? "" }
        let sessionID = value("sessionId")
        let ok = { (data: JSONValue) in envelope(true, "Success", data: data) }
        switch endpoint {
        case "generate_otp_by_vehicle":
            let (requestID, sessionID) = issue(kind: "assign", body, &state)
            return (
                envelope(
                    true, "OTP sent successfully",
                    data: [
                        [
                            "requestId": .string(requestID), "sessionId": .string(sessionID),
                            "agent_id": .string(agentID), "vehicle_number": body["vehicle_number"] ?? "",
                            "mobile_number": body["mobile_number"] ?? "",
                        ]
                    ]), []
            )

        case "validate_otp_bajaj":
            guard issued(body, kind: "assign", validated: false, state, &problems) != nil else {
                return (ok([]), problems)
            }
            guard value("otp") == customerOTP else { return (envelope(false, "Invalid OTP", data: []), problems) }
            let vehicle = value("vehicle_number")
            let known = registryKnows(vehicle)
            state.sessions[sessionID]?.validated = true
            state.sessions[sessionID]?.registryComplete = known
            let row: [String: JSONValue] = [
                "requestId": body["requestId"] ?? "", "sessionId": .string(sessionID), "agent_id": .string(agentID),
                "vehicleNo": .string(vehicle), "chassisNo": known ? "MA3EWDE1S00123456" : "",
                "engineNo": known ? "K12M4321" : "", "vehicleManuf": known ? "TOYOTA" : "",
                "model": known ? "INNOVA" : "", "vehicleColour": "WHITE", "type": "LMV", "rtoStatus": "ACTIVE",
                "isCommercial": "false", "tagVehicleClassID": "4", "npciVehicleClassID": "4",
                "vehicleType": "Motor Car", "rechargeAmount": "0.00", "securityDeposit": "100.00",
                "tagCost": "100.00", "repTagCost": "100.00", "walletStatus": "Active", "kycStatus": "",
                "walletId": "", "isNationalPermit": known ? "0" : "", "permitExpiryDate": "",
                "stateOfRegistration": known ? .string(String(vehicle.prefix(2))) : "",
                "vehicleDescriptor": known ? "Diesel" : "",
            ]
            return (ok([.object(row)]), problems)

        case "get_agent_plan":
            return (
                ok(
                    .array(
                        plans.map {
                            [
                                "id": .string($0.id), "plan_name": .string($0.name), "status": "1", "is_deleted": "0",
                                "created_on": "2024-09-01 10:00:00", "updated_on": "2024-09-01 10:00:00",
                            ]
                        })), []
            )

        case "update_customer_details":
            guard issued(body, kind: "assign", validated: true, state, &problems) != nil else {
                return (ok([]), problems)
            }
            if value("docNo").contains("0000") {
                return (
                    envelope(false, "This ID proof is already linked with another mobile number.", data: []), problems
                )
            }
            state.sessions[sessionID]?.planID = value("plan_id")
            return (
                ok([
                    [
                        "id": "77", "request_id": .string(state.sessions[sessionID]?.requestID ?? ""),
                        "session_id": .string(sessionID), "agent_id": .string(agentID), "name": body["name"] ?? "",
                        "dob": body["dob"] ?? "", "docType": body["docType"] ?? "", "docNo": body["docNo"] ?? "",
                        "expiryDate": body["expiryDate"] ?? "", "vehicle_number": body["vehicle_number"] ?? "",
                        "planId": body["plan_id"] ?? "", "status": "1",
                    ]
                ]), problems
            )

        case "uploadDocument":
            guard let session = issued(body, kind: "assign", validated: true, state, &problems) else {
                return (ok([]), problems)
            }
            if session.planID == nil { problems.append("a document before update_customer_details") }
            state.sessions[sessionID]?.uploads.append(value("imageType"))
            return (
                ok([
                    [
                        "response": .object(upstream(true, "Document uploaded successfully")),
                        "documentDetails": ["imageType": body["imageType"] ?? "", "sessionId": .string(sessionID)],
                    ]
                ]), problems
            )

        case "get_my_available_barcode":
            return (
                ok(
                    .array(
                        state.barcodes.enumerated().map { index, barcode in
                            [
                                "id": .string(String(500 + index)), "tag_orifinal_id": .string(String(900 + index)),
                                "barcode": .string(barcode), "tag_id": .string("34161FA82032\(index)"),
                                "mapper_vehicle_class": "4", "agent_name": "Demo Agent", "agent_request_id": "12",
                                "agent_request_number": "AR-12", "is_used": "0", "cust_id": "", "status": "1",
                                "is_deleted": "0", "created_on": "2024-09-01 10:00:00",
                                "updated_on": "2024-09-01 10:00:00",
                            ]
                        })), []
            )

        case "vehicleMakerList":
            _ = issued(body, kind: "assign", validated: true, state, &problems)
            return (
                ok([
                    [
                        "vehicleMakerList": .array(makers.map(JSONValue.string)),
                        "response": .object(upstream(true, "Vehicle maker list fetched")),
                    ]
                ]), problems
            )

        case "vehicleModelList":
            _ = issued(body, kind: "assign", validated: true, state, &problems)
            return (
                ok([
                    [
                        "vehicleModelList": .array((models[value("vehicleMake")] ?? []).map(JSONValue.string)),
                        "response": .object(upstream(true, "Vehicle model list fetched")),
                    ]
                ]), problems
            )

        case "get_vehicleDescriptor":
            return (ok(.array(descriptors.map { ["vehicleDescriptor": .string($0)] })), [])

        case "get_state_code":
            return (ok([["state_of_registration": "MH"], ["state_of_registration": "KA"]]), [])

        case "set_manually_vehicle_details":
            let vehicle = value("vehicle_number")
            guard
                let (id, _) = state.sessions.first(where: {
                    $0.value.kind == "assign" && $0.value.vehicle == vehicle && !$0.value.superseded
                        && $0.value.validated
                })
            else {
                problems.append("no validated issuance for \(vehicle)")
                return (ok([]), problems)
            }
            state.sessions[id]?.manualDetails = true
            return (ok([body]), problems)

        case "update_vehicle_details":
            guard let session = issued(body, kind: "assign", validated: true, state, &problems) else {
                return (ok([]), problems)
            }
            if session.activated {
                // The same request again (its first answer was lost): the same answer, no second charge.
                let done = state.activations.contains { $0.sessionID == sessionID && $0.serialNo == value("serialNo") }
                return (
                    envelope(
                        done, done ? "Vehicle details added successfully" : "Vehicle details already updated", data: nil
                    ),
                    problems
                )
            }
            guard state.barcodes.contains(value("serialNo")) else {
                return (envelope(false, "Barcode not available", data: nil), problems)
            }
            if session.planID == nil { problems.append("activation before update_customer_details") }
            let required = Set(imageTypes.dropLast())
            if !required.isSubset(of: Set(session.uploads)) {
                problems.append("activation with uploads \(session.uploads)")
            }
            if !session.registryComplete && !session.manualDetails {
                problems.append("activation without set_manually_vehicle_details for an unknown vehicle")
            }
            let chassis = value("chassisNo")
            if !chassis.isEmpty && !matches(chassis, "[A-HJ-NPR-Z0-9]{17}") {
                problems.append("chassisNo '\(chassis)'")
            }
            let amount = plans.first { $0.id == session.planID }?.paise ?? 0
            guard state.walletPaise >= amount else {
                return (
                    envelope(false, "Insufficient wallet balance. Please recharge to continue.", data: nil), problems
                )
            }
            state.walletPaise -= amount
            state.barcodes.removeAll { $0 == value("serialNo") }
            state.sessions[sessionID]?.activated = true
            state.activations.append(
                Activation(
                    sessionID: sessionID, vehicle: session.vehicle, serialNo: value("serialNo"), amountPaise: amount))
            return (envelope(true, "Vehicle details added successfully", data: nil), problems)

        case "rep_generate_otp_by_vehicle":
            guard state.barcodes.contains(value("serialNo")) else {
                return (envelope(false, "Barcode not available", data: []), problems)
            }
            let (requestID, sessionID) = issue(kind: "replace", body, &state)
            return (
                envelope(
                    true, "OTP sent successfully",
                    data: [
                        [
                            "requestId": .string(requestID), "sessionId": .string(sessionID),
                            "agent_id": .string(agentID), "vehicle_number": body["vehicle_number"] ?? "",
                            "mobile_number": body["mobile_number"] ?? "",
                        ]
                    ]), problems
            )

        case "rep_validate_otp_bajaj":
            guard let session = issued(body, kind: "replace", validated: false, state, &problems) else {
                return (ok([]), problems)
            }
            guard value("otp") == customerOTP else {
                return (
                    ok([["response": .object(upstream(false, "Invalid OTP entered")), "tagRepalceResp": .null]]),
                    problems
                )
            }
            if !session.validated, let serial = session.serialNo {
                state.barcodes.removeAll { $0 == serial }
                state.replacements.append(
                    Activation(sessionID: sessionID, vehicle: session.vehicle, serialNo: serial, amountPaise: 0))
            }
            state.sessions[sessionID]?.validated = true
            return (
                ok([
                    [
                        "response": .object(upstream(true, "Tag replaced successfully")),
                        "tagRepalceResp": ["serialNo": .string(session.serialNo ?? ""), "status": "success"],
                    ]
                ]), problems
            )

        case "wallet_total_amount_api":
            return (
                ok([
                    [
                        "id": "1", "transaction_type": "credit", "agent_id": .string(agentID),
                        "amount": .string(rupees(state.walletPaise)), "remark": "", "transcation_id": "TXN1",
                        "payment_mode": "online", "status": "1", "is_deleted": "0",
                        "created_on": "2024-09-01 10:00:00", "updated_on": "2024-09-01 10:00:00",
                    ]
                ]), []
            )

        default:
            return (.text("not found", status: .notFound), ["no such endpoint"])
        }
    }
}

/// bhashsms's `sendmsg.php` on a loopback port: answers `S.12345` and records each message.
final class FakeBhashSMS: Sendable {
    struct Message: Sendable {
        let method: String
        let path: String
        let parameters: [String: String]
        var phone: String { parameters["phone"] ?? "" }
        var text: String { parameters["text"] ?? "" }
        /// The 4-digit code in the text.
        var otp: String? {
            text.range(of: "[0-9]{4}", options: .regularExpression).map { String(text[$0]) }
        }
    }

    private final class Store: Sendable {
        let messages = Mutex<[Message]>([])
    }

    private let store = Store()
    private let server: HTTPServer

    init() throws {
        let store = self.store
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0)) { request in
            var parameters: [String: String] = [:]
            for item in request.query { parameters[item.name] = item.value }
            store.messages.withLock {
                $0.append(Message(method: request.method.rawValue, path: request.path, parameters: parameters))
            }
            return .text("S.12345")
        }
        try server.start()
    }

    var url: String { "http://127.0.0.1:\(server.port)/api/sendmsg.php" }
    var sent: [Message] { store.messages.withLock { $0 } }

    func stop() async { await server.shutdown() }
}
