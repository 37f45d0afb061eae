import FastagBot
import Foundation

extension AssignScript {
    /// Every answer from the menu to the activated tag, in order.
    package var turns: [Turn] {
        let idIndex = (Copy.idOptions.firstIndex { $0.title == idType } ?? 0) + 1
        let planIndex = (plans.firstIndex(of: plan) ?? 0) + 1
        var idProof: [String: JSONValue] = ["id_type": .string(idType), "id_number": .string(idNumber)]
        if let idExpiry { idProof["expiry"] = .string(idExpiry) }
        var turns = [
            Turn(
                answering: "menu", answer: .pick("Assign a FASTag", typed: nil), endpoint: nil, body: [:],
                step: "vehicle_number", says: [Copy.askVehicleNumber]),
            Turn(
                answering: "vehicle_number", answer: .text(vehicle), endpoint: "vehicle_number",
                body: ["vehicle_number": .string(Self.spaced(vehicle))], step: "engine_number",
                says: [Copy.askEngineNumber]),
            Turn(
                answering: "engine_number", answer: .text(engine), endpoint: "engine_number",
                body: ["engine_number": .string(engine.lowercased())], step: "user_mobile",
                says: [Copy.askCustomerMobile]),
            Turn(
                answering: "user_mobile", answer: .text(mobile), endpoint: "user_mobile",
                body: ["user_mobile": .string("+91 \(mobile.prefix(5)) \(mobile.suffix(5))")], step: "user_otp",
                says: [Copy.askCustomerOTP(mobile)]),
        ]
        if let classAsked {
            let names = classAsked.offered.map(\.name)
            let index = (names.firstIndex(of: classAsked.pick) ?? 0) + 1
            turns += [
                Turn(
                    answering: "user_otp", answer: .text(customerOTP), endpoint: "user_otp",
                    body: ["otp": .string(customerOTP)], step: "vehicle_class", says: [Copy.askVehicleClass(names)],
                    options: Copy.classOptions(classAsked.offered)),
                Turn(
                    answering: "vehicle_class", answer: .pick(classAsked.pick, typed: String(index)),
                    endpoint: "vehicle_class", body: ["vehicle_class": .string(classAsked.pick.uppercased())],
                    step: "first_name", says: [Copy.askFirstName]),
            ]
        } else {
            turns.append(
                Turn(
                    answering: "user_otp", answer: .text(customerOTP), endpoint: "user_otp",
                    body: ["otp": .string(customerOTP)], step: "first_name", says: [Copy.askFirstName]))
        }
        turns += [
            // One endpoint answers the three questions of the customer's details.
            Turn(
                answering: "first_name", answer: .text(firstName), endpoint: "user_info",
                body: [
                    "first_name": .string(firstName), "last_name": .string(lastName), "dob": .string(dateOfBirth),
                ], step: "last_name", says: [Copy.askLastName]),
            Turn(
                answering: "last_name", answer: .text(lastName), endpoint: nil, body: [:], step: "dob",
                says: [Copy.askDateOfBirth]),
            Turn(
                answering: "dob", answer: .text(dateOfBirth.replacingOccurrences(of: "-", with: "/")), endpoint: nil,
                body: [:], step: "id_type", says: [Copy.askIDType(customerName)], options: Copy.idOptions),
            Turn(
                answering: "id_type", answer: .pick(idType, typed: String(idIndex)), endpoint: "id_proof",
                body: idProof, step: "id_number", says: [Copy.askIDNumber(idType)]),
        ]
        let askPlan = (says: [Copy.askPlan(plans)], options: Copy.planOptions(plans))
        if let idExpiry {
            turns += [
                Turn(
                    answering: "id_number", answer: .text(idNumber), endpoint: nil, body: [:], step: "id_expiry",
                    says: [Copy.askIDExpiry(idType)]),
                Turn(
                    answering: "id_expiry", answer: .text(idExpiry.replacingOccurrences(of: "-", with: ".")),
                    endpoint: nil, body: [:], step: "plan", says: askPlan.says, options: askPlan.options),
            ]
        } else {
            turns.append(
                Turn(
                    answering: "id_number", answer: .text(idNumber), endpoint: nil, body: [:], step: "plan",
                    says: askPlan.says, options: askPlan.options))
        }
        turns.append(
            Turn(
                answering: "plan", answer: .pick(plan, typed: String(planIndex)), endpoint: "plan",
                body: ["plan": .string(plan)], step: "doc_rc_front", says: [Copy.walletCreated, Copy.askRCFront]))
        return turns + photoTurns + vehicleTurns
    }

    /// The five photos, the fixed tag's sent or skipped.
    private var photoTurns: [Turn] {
        // The second photo's type as Shauryapay's app names it: the step API takes both names.
        let photos = [
            ("doc_rc_front", "rc_front", "doc_rc_back", Copy.askRCBack),
            ("doc_rc_back", "RCBACK", "doc_vehicle_front", Copy.askVehicleFront),
            ("doc_vehicle_front", "vehicle_front", "doc_vehicle_side", Copy.askVehicleSide),
            ("doc_vehicle_side", "vehicle_side", "doc_tag_fixed", Copy.askTagFixed),
        ]
        var turns = photos.enumerated().map { index, photo in
            Turn(
                answering: photo.0, answer: .photo(index), endpoint: "upload_image",
                body: ["image_type": .string(photo.1), "image_base64": self.photo(index)], step: photo.2,
                says: [photo.3], options: photo.2 == "doc_tag_fixed" ? Copy.skipOptions : [])
        }
        turns.append(
            Turn(
                answering: "doc_tag_fixed", answer: tagPhoto ? .photo(4) : .pick("Skip", typed: "Skip"),
                endpoint: "upload_image",
                body: ["image_type": "tag_fixed", tagPhoto ? "image_base64" : "skip": tagPhoto ? photo(4) : true],
                step: "serial", says: [Copy.askSerial]))
        return turns
    }

    /// From the serial number to the activation: the maker, model and descriptor only when
    /// the registry did not know them.
    private var vehicleTurns: [Turn] {
        let confirm = (step: "confirm", says: [summary], options: Copy.confirmOptions)
        let askMaker = (
            step: "vehicle_maker", says: [Copy.askMaker(makers)],
            options: Copy.numberedOptions("vehicle_maker", makers)
        )
        let afterBarcode = makers.isEmpty ? confirm : askMaker
        var turns = [
            Turn(
                answering: "serial", answer: .text(serial), endpoint: "serial_number",
                body: ["serial_number": .string(serial)], step: "barcode", says: [Copy.askBarcode([barcode])],
                options: Copy.numberedOptions("barcode", [barcode])),
            Turn(
                answering: "barcode", answer: .pick(barcode, typed: "1"), endpoint: "barcode",
                body: ["barcode": .string(barcode)], step: afterBarcode.step, says: afterBarcode.says,
                options: afterBarcode.options),
        ]
        if !makers.isEmpty {
            let makerIndex = (makers.firstIndex(of: maker) ?? 0) + 1
            let modelIndex = (models.firstIndex(of: model) ?? 0) + 1
            turns += [
                Turn(
                    answering: "vehicle_maker", answer: .pick(maker, typed: String(makerIndex)),
                    endpoint: "vehicle_maker", body: ["vehicle_maker": .string(maker.lowercased())],
                    step: "vehicle_model", says: [Copy.askModel(models)],
                    options: Copy.numberedOptions("vehicle_model", models)),
                Turn(
                    answering: "vehicle_model", answer: .pick(model, typed: model), endpoint: "vehicle_model",
                    body: ["vehicle_model": .string(String(modelIndex))], step: "vehicle_descriptor",
                    says: [Copy.askDescriptor(descriptors)],
                    options: Copy.numberedOptions("vehicle_descriptor", descriptors)),
                Turn(
                    answering: "vehicle_descriptor", answer: .pick(descriptor, typed: " \(descriptor.lowercased()) "),
                    endpoint: "vehicle_descriptor", body: ["vehicle_descriptor": .string(descriptor)],
                    step: confirm.step, says: confirm.says, options: confirm.options),
            ]
        }
        turns.append(
            Turn(
                answering: "confirm", answer: .pick("Yes", typed: nil), endpoint: "confirm", body: ["confirm": "Yes"],
                step: "menu", says: [activated], options: Copy.menuOptions))
        return turns
    }

    /// A vehicle number as an agent may type it: `MH 12 AB 1235`.
    package static func spaced(_ vehicle: String) -> String {
        var text = ""
        for character in vehicle {
            if let last = text.last, last.isNumber != character.isNumber { text.append(" ") }
            text.append(character)
        }
        return text
    }
}
