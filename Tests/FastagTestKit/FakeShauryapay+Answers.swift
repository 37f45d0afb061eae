import FastagBot
import HTTPServerKit

/// How the fake Shauryapay answers each endpoint when it behaves, keeping its books.
extension FakeShauryapay {

    static func envelope(_ ok: Bool, _ message: String, data: JSONValue?) -> HTTPResponse {
        var object: [String: JSONValue] = ["status": .string(ok ? "true" : "false"), "message": .string(message)]
        if let data { object["data"] = data }
        return .json(bytes: Array(JSONValue.object(object).jsonText.utf8))
    }

    static func upstream(_ ok: Bool, _ message: String) -> [String: JSONValue] {
        [
            "msg": .string(message), "status": .string(ok ? "success" : "failed"), "code": .string(ok ? "00" : "E01"),
            "errorCode": .string(ok ? "" : "E01"), "errorDesc": .string(ok ? "" : message),
        ]
    }

    /// The answer to `generate_otp_by_vehicle` and `rep_generate_otp_by_vehicle`.
    static func otpSent(_ requestID: String, _ sessionID: String, _ body: JSONValue) -> HTTPResponse {
        envelope(
            true, "OTP sent successfully",
            data: [
                [
                    "requestId": .string(requestID), "sessionId": .string(sessionID), "agent_id": .string(agentID),
                    "vehicle_number": body["vehicle_number"] ?? "", "mobile_number": body["mobile_number"] ?? "",
                ]
            ])
    }

    /// The issuance session a call names, checked: known, the latest for its vehicle, and
    /// of the right kind; `validated` when the customer OTP must have been checked.
    static func issued(
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

    /// The activation's class: the tag's own (`mapper_vehicle_class`), and the vehicle's as
    /// the registry gave it or, when it gave none, as `set_manually_vehicle_details` said.
    static func checkClass(_ body: JSONValue, _ session: Issued) -> [String] {
        let sent = body["tagVehicleClassID"]?.stringValue ?? ""
        let serial = body["serialNo"]?.stringValue ?? ""
        var problems: [String] = []
        if sent != barcodeClass(serial) {
            problems.append("tagVehicleClassID '\(sent)' for \(serial), a tag of class \(barcodeClass(serial))")
        }
        if let wanted = session.registryClass ?? session.manualClass, sent != wanted {
            problems.append("tagVehicleClassID '\(sent)', the vehicle's class is \(wanted)")
        }
        if session.registryClass == nil && session.manualClass == nil {
            problems.append("activation without a class for a vehicle the registry gave none")
        }
        if !matches(body["npciVehicleClassID"]?.stringValue ?? "", "[0-9]{1,2}") {
            problems.append("npciVehicleClassID")
        }
        return problems
    }

    static func issue(kind: String, _ body: JSONValue, _ state: inout State) -> (String, String) {
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

    static func answer(_ endpoint: String, _ body: JSONValue, _ state: inout State) -> (
        HTTPResponse, [String]
    ) {
        var problems: [String] = []
        let value = { (key: String) in body[key]?.stringValue ?? "" }
        let sessionID = value("sessionId")
        let ok = { (data: JSONValue) in envelope(true, "Success", data: data) }
        switch endpoint {
        case "generate_otp_by_vehicle":
            let (requestID, sessionID) = issue(kind: "assign", body, &state)
            return (otpSent(requestID, sessionID, body), [])

        case "validate_otp_bajaj":
            guard issued(body, kind: "assign", validated: false, state, &problems) != nil else {
                return (ok([]), problems)
            }
            guard value("otp") == customerOTP else { return (envelope(false, "Invalid OTP", data: []), problems) }
            let vehicle = value("vehicle_number")
            let known = registryKnows(vehicle)
            let vehicleClass = registryClass(vehicle)
            state.sessions[sessionID]?.validated = true
            state.sessions[sessionID]?.registryComplete = known
            state.sessions[sessionID]?.registryClass = vehicleClass.tag.isEmpty ? nil : vehicleClass.tag
            let row: [String: JSONValue] = [
                "requestId": body["requestId"] ?? "", "sessionId": .string(sessionID), "agent_id": .string(agentID),
                "vehicleNo": .string(vehicle), "chassisNo": known ? "MA3EWDE1S00123456" : "",
                "engineNo": known ? "K12M4321" : "", "vehicleManuf": known ? "TOYOTA" : "",
                "model": known ? "INNOVA" : "", "vehicleColour": "WHITE", "type": .string(vehicleClass.type),
                "rtoStatus": "ACTIVE", "isCommercial": .string(vehicleClass.commercial),
                "tagVehicleClassID": .string(vehicleClass.tag), "npciVehicleClassID": .string(vehicleClass.npci),
                "vehicleType": .string(vehicleClass.vehicleType), "rechargeAmount": "0.00", "securityDeposit": "100.00",
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
                                "mapper_vehicle_class": .string(barcodeClass(barcode)), "agent_name": "Demo Agent",
                                "agent_request_id": "12",
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

        case "get_vehicle_class_api":
            return (ok(.array(vehicleClasses.map { ["id": .string($0.id), "category_name": .string($0.name)] })), [])

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
            state.sessions[id]?.manualClass = value("tagVehicleClassID")
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
            let classProblems = checkClass(body, session)
            if !classProblems.isEmpty {
                // Not booked: a tag issued for the wrong class would be charged wrongly at every toll.
                return (
                    envelope(false, "Tag class does not match the vehicle class", data: nil), problems + classProblems
                )
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
                    sessionID: sessionID, vehicle: session.vehicle, serialNo: value("serialNo"), amountPaise: amount,
                    vehicleClass: value("tagVehicleClassID")))
            return (envelope(true, "Vehicle details added successfully", data: nil), problems)

        case "rep_generate_otp_by_vehicle":
            guard state.barcodes.contains(value("serialNo")) else {
                return (envelope(false, "Barcode not available", data: []), problems)
            }
            let (requestID, sessionID) = issue(kind: "replace", body, &state)
            return (otpSent(requestID, sessionID, body), problems)

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
