import FastagBot
import Foundation
import HTTPServerKit
import TestKit

/// Shauryapay's FASTag API as protocols/shauryapay.md describes it, on a loopback port.
///
/// It answers like the real service (HTTP 200, `{"status":"true"|"false","message":…,"data":…}`
/// with string values; the Bajaj-relayed endpoints nest their own result in `data[0].response`)
/// and it checks every request against the fact sheet (`+Contract`): method, path (base +
/// endpoint name), Content-Type, the exact set of body keys, every value's format and the
/// values a client must carry between calls (`requestId`/`sessionId` of the latest
/// `generate_otp_by_vehicle`, the chosen barcode as `serialNo`). A request that breaks the
/// contract is answered with HTTP 400 and listed in `problems`, which every test expects to
/// be empty. What it offers is in `+Catalog`, how it answers each endpoint in `+Answers`.
///
/// Each endpoint can be scripted to misbehave (slowly, HTTP 500, `status: "false"`, broken
/// JSON, a failed upstream result), once per scripted behaviour or always.
package final class FakeShauryapay: Sendable {
    /// One request as received.
    package struct Request: Sendable {
        package let method: String
        package let path: String
        package let endpoint: String
        package let contentType: String?
        /// The JSON body (nil for a GET or a body that is not JSON).
        package let body: JSONValue?

        package subscript(key: String) -> String? { body?[key]?.stringValue }
        package var keys: Set<String> { Set(body?.objectValue?.keys.map { $0 } ?? []) }
    }

    /// How an endpoint misbehaves.
    package enum Behaviour: Sendable, Equatable {
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

    /// A provider session of one issuance or replacement.
    package struct Issued: Sendable {
        package var requestID: String
        package var kind: String
        package var vehicle: String
        package var mobile: String
        package var superseded = false
        package var validated = false
        /// Whether the registry knew the vehicle (else `set_manually_vehicle_details` is needed).
        package var registryComplete = false
        package var planID: String?
        package var uploads: [String] = []
        package var manualDetails = false
        /// The tag class the registry gave, and the one `set_manually_vehicle_details` sent.
        package var registryClass: String?
        package var manualClass: String?
        package var activated = false
        /// Replacement: the new barcode.
        package var serialNo: String?
    }

    package struct Activation: Sendable, Equatable {
        package var sessionID: String
        package var vehicle: String
        package var serialNo: String
        package var amountPaise: Int64
        /// `tagVehicleClassID` of the activation.
        package var vehicleClass: String

        package init(
            sessionID: String, vehicle: String, serialNo: String, amountPaise: Int64, vehicleClass: String = ""
        ) {
            self.sessionID = sessionID
            self.vehicle = vehicle
            self.serialNo = serialNo
            self.amountPaise = amountPaise
            self.vehicleClass = vehicleClass
        }
    }

    /// The fake's books and what it received.
    struct State: Sendable {
        var requests: [Request] = []
        /// Keys: endpoint names.
        var script = FakeScript<Behaviour>()
        var sessions: [String: Issued] = [:]
        var counter = 0
        var walletPaise: Int64 = 500_000
        var barcodes = FakeShauryapay.initialBarcodes
        var activations: [Activation] = []
        var replacements: [Activation] = []
    }

    private let fake: LoopbackFake<State>

    package init() throws {
        fake = try LoopbackFake(State()) { fake, request in await Self.respond(request, fake) }
    }

    /// `http://127.0.0.1:PORT/testing/`
    package var baseURL: String { fake.root + Self.basePath }

    package func stop() async { await fake.stop() }

    // MARK: - Scripting and inspection

    /// The next calls of `endpoint` misbehave in this order (one behaviour per call).
    package func script(_ endpoint: String, _ behaviours: Behaviour...) {
        fake.withState { $0.script.queue(endpoint, behaviours) }
    }

    /// Every call of `endpoint` misbehaves like this (nil: behaves again).
    package func always(_ endpoint: String, _ behaviour: Behaviour?) {
        fake.withState { $0.script.always(endpoint, behaviour) }
    }

    /// Requests received, in order; only those of `endpoint` when given.
    package func requests(_ endpoint: String? = nil) -> [Request] {
        fake.withState { state in state.requests.filter { endpoint == nil || $0.endpoint == endpoint } }
    }

    /// The endpoints called, in order.
    package var calls: [String] { requests().map(\.endpoint) }

    /// Contract violations seen so far.
    package var problems: [String] { fake.problems }

    package var walletPaise: Int64 {
        get { fake.withState { $0.walletPaise } }
        set { fake.withState { $0.walletPaise = newValue } }
    }

    package var barcodes: [String] {
        get { fake.withState { $0.barcodes } }
        set { fake.withState { $0.barcodes = newValue } }
    }

    package var activations: [Activation] { fake.withState { $0.activations } }
    package var replacements: [Activation] { fake.withState { $0.replacements } }

    package func session(_ id: String) -> Issued? { fake.withState { $0.sessions[id] } }

    /// Forgets the requests seen (not the books).
    package func clearRequests() { fake.withState { $0.requests = [] } }

    // MARK: - Answering

    private static func respond(_ request: HTTPRequest, _ fake: LoopbackFake<State>) async -> HTTPResponse {
        let path = request.path
        let endpoint = path.hasPrefix(basePath) ? String(path.dropFirst(basePath.count)) : path
        let body = request.body.isEmpty ? nil : try? JSONValue.parse(request.body)
        let recorded = Request(
            method: request.method.rawValue, path: path, endpoint: endpoint,
            contentType: request.headers["Content-Type"], body: body)
        fake.withState { $0.requests.append(recorded) }

        var problems = checkTransport(request, endpoint: endpoint, body: body)
        if problems.isEmpty, let body { problems = checkValues(endpoint, body) }
        if !problems.isEmpty { return refuse(problems, endpoint, fake) }

        var delay: Duration?
        switch fake.withState({ $0.script.next(endpoint) }) {
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
        let (response, found) = fake.withState { answer(endpoint, body ?? [:], &$0) }
        let answered = found.isEmpty ? response : refuse(found, endpoint, fake)
        if let delay { try? await Task.sleep(for: delay) }
        return answered
    }

    /// HTTP 400 naming the problems, which are also reported.
    private static func refuse(_ problems: [String], _ endpoint: String, _ fake: LoopbackFake<State>)
        -> HTTPResponse
    {
        fake.report(problems.map { "\(endpoint): \($0)" })
        return .text("bad request: \(problems.joined(separator: "; "))", status: .badRequest)
    }
}
