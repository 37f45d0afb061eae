import Foundation
import FoundationNetworking

/// Shauryapay's FASTag API over URLSession (protocols/shauryapay.md). Every endpoint is
/// `base URL + name`, POST with a JSON body (a few are GET), answered with HTTP 200 and
/// `{"status": "true"|"false", "message": …, "data": …}`.
///
/// Each call has a deadline that keeps a step-API answer well under 8 seconds; only calls
/// that are safe to repeat (lists and balances) are retried, once, and only after a quick
/// failure (an HTTP error or a refused connection), never after a timeout.
struct ShauryapayClient: FastagProvider {
    struct Configuration: Sendable {
        var baseURL: String
        /// Optional headers some deployments use (`ocp-apim-subscription-key`, `aggr_channel`).
        var apiKey: String
        var channel: String
        var timeout: Duration

        init(baseURL: String, apiKey: String = "", channel: String = "", timeout: Duration = .seconds(3)) {
            self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
            self.apiKey = apiKey
            self.channel = channel
            self.timeout = timeout
        }
    }

    let configuration: Configuration
    let client: HTTPClient

    init(configuration: Configuration, client: HTTPClient) {
        self.configuration = configuration
        self.client = client
    }

    // MARK: - Issuance

    func sendCustomerOTP(_ agent: ProviderAgent, vehicleNumber: String, mobile: String)
        async throws(ProviderError)
        -> ProviderSession
    {
        let data = try await post(
            "generate_otp_by_vehicle",
            [
                "vehicle_number": .string(vehicleNumber), "agent_id": .string(agent.providerID),
                "mobile_number": .string(mobile), "isChassis": "0", "chassisNo": "",
            ])
        return try session(from: data)
    }

    func validateCustomerOTP(
        _ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, otp: String
    )
        async throws(ProviderError) -> RegistryVehicle
    {
        let data = try await post(
            "validate_otp_bajaj",
            [
                "otp": .string(otp), "requestId": .string(session.requestID), "sessionId": .string(session.sessionID),
                "agent_id": .string(agent.providerID), "vehicle_number": .string(vehicleNumber),
            ])
        let row = data.arrayValue?.first ?? data
        let text = { (key: String) -> String? in
            guard let value = row[key]?.stringValue?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                return nil
            }
            return value
        }
        return RegistryVehicle(
            maker: text("vehicleManuf"), model: text("model"), descriptor: text("vehicleDescriptor"),
            colour: text("vehicleColour"), vehicleType: text("vehicleType") ?? text("type"),
            chassisNumber: text("chassisNo"), stateOfRegistration: text("stateOfRegistration"),
            tagClassID: text("tagVehicleClassID"), npciClassID: text("npciVehicleClassID"), classType: text("type"))
    }

    func plans(_ agent: ProviderAgent) async throws(ProviderError) -> [Plan] {
        let data = try await post("get_agent_plan", ["agent_id": .string(agent.providerID)], retry: true)
        return (data.arrayValue ?? []).compactMap { row in
            guard let id = Self.text(row["id"]), let name = Self.text(row["plan_name"]) else { return nil }
            return Plan(id: id, name: name, amountPaise: nil)
        }
    }

    func createWallet(_ agent: ProviderAgent, session: ProviderSession, customer: CustomerDetails)
        async throws(ProviderError)
    {
        _ = try await post(
            "update_customer_details",
            [
                "name": .string(customer.firstName), "lastName": .string(customer.lastName),
                "dob": .string(ShauryapayMapping.date(customer.dateOfBirth)),
                "docType": .string(ShauryapayMapping.documentType(customer.idType)),
                "docNo": .string(customer.idNumber),
                "expiryDate": .string(customer.idExpiry.map(ShauryapayMapping.date) ?? ""),
                "plan_id": .string(customer.planID),
                "vehicle_number": .string(customer.vehicleNumber), "sessionId": .string(session.sessionID),
                "agent_id": .string(agent.providerID),
            ])
    }

    func uploadDocument(_ agent: ProviderAgent, session: ProviderSession, kind: Document.Kind, image: ImageData)
        async throws(ProviderError)
    {
        let photo = await UploadPhoto.prepared(image)
        _ = try await post(
            "uploadDocument",
            [
                "agent_id": .string(agent.providerID), "sessionId": .string(session.sessionID),
                "imageType": .string(ShauryapayMapping.imageType(kind)),
                "image": .string(Data(photo).base64EncodedString()),
            ], upstream: .required)
    }

    func availableBarcodes(_ agent: ProviderAgent) async throws(ProviderError) -> [AvailableTag] {
        let data = try await post(
            "get_my_available_barcode", ["agent_id": .string(agent.providerID)], retry: true)
        return (data.arrayValue ?? []).compactMap { row in
            Self.text(row["barcode"]).map {
                AvailableTag(barcode: $0, vehicleClass: VehicleClass.usableID(Self.text(row["mapper_vehicle_class"])))
            }
        }
    }

    func vehicleClasses() async throws(ProviderError) -> [VehicleClass] {
        let data = try await get("get_vehicle_class_api")
        return (data.arrayValue ?? []).compactMap { row in
            guard let id = VehicleClass.usableID(Self.text(row["id"])) else { return nil }
            return VehicleClass(id: id, name: Self.text(row["category_name"]) ?? "")
        }
    }

    func makers(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String)
        async throws(ProviderError)
        -> [String]
    {
        let data = try await post(
            "vehicleMakerList",
            [
                "sessionId": .string(session.sessionID), "agent_id": .string(agent.providerID),
                "vehicle_number": .string(vehicleNumber),
            ], retry: true, upstream: .optional)
        return (data.arrayValue?.first?["vehicleMakerList"]?.arrayValue ?? []).compactMap(Self.text)
    }

    func models(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, maker: String)
        async throws(ProviderError) -> [String]
    {
        let data = try await post(
            "vehicleModelList",
            [
                "sessionId": .string(session.sessionID), "vehicleMake": .string(maker),
                "agent_id": .string(agent.providerID), "vehicle_number": .string(vehicleNumber),
            ], retry: true, upstream: .optional)
        return (data.arrayValue?.first?["vehicleModelList"]?.arrayValue ?? []).compactMap(Self.text)
    }

    func descriptors() async throws(ProviderError) -> [String] {
        let data = try await get("get_vehicleDescriptor")
        return (data.arrayValue ?? []).compactMap { Self.text($0["vehicleDescriptor"]) }
    }

    func setVehicleDetails(_ agent: ProviderAgent, session: ProviderSession, vehicle: VehicleDetails)
        async throws(ProviderError)
    {
        _ = try await post(
            "set_manually_vehicle_details",
            [
                "vehicleManuf": .string(vehicle.maker), "model": .string(vehicle.model),
                "vehicleColour": .string(vehicle.colour ?? ""), "NPCIstatus": "Active",
                "type": .string(vehicle.vehicleClass.type), "vehicleType": .string(vehicle.vehicleClass.vehicleType),
                "npciVehicleClassID": .string(vehicle.vehicleClass.npciClassID),
                "tagVehicleClassID": .string(vehicle.vehicleClass.tagClassID),
                "agent_id": .string(agent.providerID), "vehicle_number": .string(vehicle.vehicleNumber),
                "vehicleDescriptor": .string(vehicle.descriptor), "isNationalPermit": "0", "permitExpiryDate": "",
                "stateOfRegistration": .string(vehicle.stateOfRegistration ?? String(vehicle.vehicleNumber.prefix(2))),
            ])
    }

    func activate(_ agent: ProviderAgent, session: ProviderSession, activation: ProviderActivation)
        async throws(ProviderError)
    {
        _ = try await post(
            "update_vehicle_details",
            [
                "sessionId": .string(session.sessionID), "vehicle_number": .string(activation.vehicleNumber),
                "chassisNo": .string(activation.chassisNumber ?? ""), "serialNo": .string(activation.barcode),
                "agent_id": .string(agent.providerID),
                // Not in the production app's request (which sets the class earlier, by hand):
                // the class the tag is issued for travels with the activation too.
                "tagVehicleClassID": .string(activation.vehicleClass.tagClassID),
                "npciVehicleClassID": .string(activation.vehicleClass.npciClassID),
            ])
    }

    // MARK: - Replacement

    func sendReplacementOTP(_ agent: ProviderAgent, replacement: Replacement) async throws(ProviderError)
        -> ProviderSession
    {
        let data = try await post(
            "rep_generate_otp_by_vehicle",
            [
                "vehicle_number": .string(replacement.vehicleNumber), "agent_id": .string(agent.providerID),
                "mobile_number": .string(replacement.mobile), "serialNo": .string(replacement.barcode),
                "reason": .string(replacement.reason.rawValue), "reasonDesc": .string(replacement.description),
                "isChassis": "0", "chassisNo": "",
            ])
        return try session(from: data)
    }

    func validateReplacementOTP(
        _ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, otp: String
    )
        async throws(ProviderError)
    {
        _ = try await post(
            "rep_validate_otp_bajaj",
            [
                "otp": .string(otp), "requestId": .string(session.requestID), "sessionId": .string(session.sessionID),
                "agent_id": .string(agent.providerID), "vehicle_number": .string(vehicleNumber),
            ], upstream: .required)
    }

    // MARK: - Figures

    func figures(_ agent: ProviderAgent) async throws(ProviderError) -> AgentFigures {
        // Both at once: the figures then take one deadline, not two, within a step's answer.
        async let balance = Self.result { () async throws(ProviderError) in
            try await post("wallet_total_amount_api", ["agent_id": .string(agent.providerID)], retry: true)
        }
        async let stock = Self.result { () async throws(ProviderError) in try await availableBarcodes(agent) }
        let data = try await balance.get()
        let amount = Self.text(data.arrayValue?.first?["amount"]) ?? "0"
        guard let wallet = Money.paise(fromRupees: amount) else {
            throw .unavailable("wallet amount '\(amount)' is not a number")
        }
        let tags = try await stock.get()
        return AgentFigures(walletPaise: wallet, fastagsLeft: Int64(tags.count))
    }

    /// A call's outcome as a value (`async let` would lose the error's type).
    private static func result<T: Sendable>(
        _ body: () async throws(ProviderError) -> T
    ) async -> Result<T, ProviderError> {
        do throws(ProviderError) {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    // MARK: - Transport

    /// Whether an answer carries Bajaj's own result in `data[0].response`.
    enum Upstream {
        /// The result must be there and say success (uploads, replacement).
        case required
        /// When it is there, it must say success (maker and model lists).
        case optional
    }

    private func post(
        _ endpoint: String, _ body: [String: JSONValue], retry: Bool = false, upstream: Upstream? = nil
    ) async throws(ProviderError) -> JSONValue {
        var request = URLRequest(url: try url(endpoint))
        request.httpMethod = "POST"
        request.httpBody = Data(JSONValue.object(body).jsonBytes)
        return try await send(request, endpoint: endpoint, retry: retry, upstream: upstream)
    }

    private func get(_ endpoint: String) async throws(ProviderError) -> JSONValue {
        var request = URLRequest(url: try url(endpoint))
        request.httpMethod = "GET"
        return try await send(request, endpoint: endpoint, retry: true, upstream: nil)
    }

    private func url(_ endpoint: String) throws(ProviderError) -> URL {
        guard let url = URL(string: configuration.baseURL + endpoint) else {
            throw .unavailable("\(endpoint): SHAURYAPAY_BASE_URL makes no URL")
        }
        return url
    }

    private func send(_ request: URLRequest, endpoint: String, retry: Bool, upstream: Upstream?)
        async throws(ProviderError) -> JSONValue
    {
        var request = request
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if !configuration.apiKey.isEmpty {
            request.setValue(configuration.apiKey, forHTTPHeaderField: "ocp-apim-subscription-key")
        }
        if !configuration.channel.isEmpty {
            request.setValue(configuration.channel, forHTTPHeaderField: "aggr_channel")
        }
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await exchange(request, endpoint: endpoint, upstream: upstream)
            } catch .unavailable(let detail) where retry && attempt == 1 && !detail.contains("no answer within") {
                continue
            }
        }
    }

    private func exchange(_ request: URLRequest, endpoint: String, upstream: Upstream?) async throws(ProviderError)
        -> JSONValue
    {
        let (body, response): (Data, HTTPURLResponse)
        do {
            (body, response) = try await client.send(request, deadline: configuration.timeout)
        } catch {
            throw .unavailable("\(endpoint): \(error.description)")
        }
        guard response.statusCode == 200 else { throw .unavailable("\(endpoint): HTTP \(response.statusCode)") }
        guard let envelope = try? JSONValue.parse(body), let object = envelope.objectValue else {
            throw .unavailable("\(endpoint): the answer is not JSON")
        }
        let message = Self.text(object["message"]) ?? ""
        guard Self.isTrue(object["status"]) else {
            throw .rejected(message.isEmpty ? "Shauryapay refused the request." : message)
        }
        let data = object["data"] ?? .null
        if let upstream { try Self.checkUpstream(data, required: upstream == .required, message: message) }
        return data
    }

    /// `status` is the string "true"/"false" (a boolean is accepted too).
    static func isTrue(_ value: JSONValue?) -> Bool {
        switch value {
        case .string(let text): text.lowercased() == "true"
        case .bool(let flag): flag
        default: false
        }
    }

    /// Values arrive as strings, sometimes as numbers.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        default: nil
        }
    }

    /// Calls relayed to Bajaj carry their own result in `data[0].response`: on "failed" the
    /// agent is told its `msg`; without a result, the answer's top-level `message`.
    static func checkUpstream(_ data: JSONValue, required: Bool, message: String) throws(ProviderError) {
        let filled = { (value: JSONValue?) in text(value).flatMap { $0.isEmpty ? nil : $0 } }
        guard let response = data.arrayValue?.first?["response"] else {
            if required { throw .rejected(message.isEmpty ? "Shauryapay did not confirm the request." : message) }
            return
        }
        guard response["status"]?.stringValue?.lowercased() == "success" else {
            throw .rejected(
                filled(response["msg"]) ?? filled(response["errorDesc"]) ?? "Shauryapay refused the request.")
        }
    }

    private func session(from data: JSONValue) throws(ProviderError) -> ProviderSession {
        let row = data.arrayValue?.first ?? data
        guard let request = Self.text(row["requestId"]), let session = Self.text(row["sessionId"]), !session.isEmpty
        else {
            throw .unavailable("the answer has no requestId/sessionId")
        }
        return ProviderSession(requestID: request, sessionID: session)
    }
}

/// Where Shauryapay's package clients disagree, the fact sheet's recommendation, in one place.
enum ShauryapayMapping {
    /// `docType` codes of the production app: 1 PAN, 2 Driving licence, 3 Voter ID, 4 Passport.
    static func documentType(_ type: IDProofType) -> String {
        switch type {
        case .pan: "1"
        case .drivingLicense: "2"
        case .voterID: "3"
        case .passport: "4"
        }
    }

    /// `imageType` names of the production app, in upload order.
    static func imageType(_ kind: Document.Kind) -> String {
        switch kind {
        case .rcFront: "RCFRONT"
        case .rcBack: "RCBACK"
        case .vehicleFront: "VEHICLEFRONT"
        case .vehicleSide: "VEHICLESIDE"
        case .tagFixed: "TAGAFFIX"
        }
    }

    /// Dates as the production app sends them: D/M/YYYY without zero padding.
    static func date(_ date: CalendarDate) -> String { "\(date.day)/\(date.month)/\(date.year)" }
}
