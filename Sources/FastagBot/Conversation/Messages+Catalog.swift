/// Every text the engine can say, in English, with sample values where a text has some: a
/// translation (`Hindi`) must have them all, which `HindiCatalogTests` checks. A new member
/// of `Messages` is listed here too (the same tests read both files and name any member
/// this catalog does not use); words written in the flows and validators are gathered from
/// them where they can be (hints, edit labels, refusals), and quoted where they cannot.
extension Messages {
    /// Sample values: a time, a name, a count, a vehicle.
    private static let sampleTime: Int64 = 1_780_000_000_000

    static var allTexts: [String] {
        var texts = [
            askAgentMobile, agentOTPSent, notRegistered, wrongAgentOTP, loginLocked(until: sampleTime),
            tooManyOTPs(until: sampleTime), otpExpired, smsFailed, loginFirst, loggedOut, loginExpired, agentInactive,
            sessionIdle, menu(agentName: "Ravi Kumar", walletPaise: 125_050, fastagsLeft: 12), noFastagsLeft,
            languageHindi, languageEnglish,
            askVehicleNumber, askEngineNumber, askCustomerMobile, askCustomerOTP("9123456780"), customerOTPUsedUp,
            askFirstName, askLastName, askDateOfBirth, askIDProofType("Asha Patil"), askPlan(["400 Plan", "500 Plan"]),
            noPlans, walletCreated, walletRefused("This ID proof is already linked to another mobile number."),
            sendAPhoto, photoUnreadable, askSerial, askBarcode(["608268-001-0023456"]), noBarcode("9999"),
            askMaker(["TOYOTA", "HONDA"]), askModel(["INNOVA"]), askDescriptor(["Diesel", "Petrol"]), askWhatToEdit,
            askVehicleClass(["Car / Jeep / Van", "Bus (2 axles)"]), noTagOfClass(VehicleClass(id: "4", name: "Car")),
            noTagOfClass(VehicleClass(id: "12", name: "")),
            barcodeOfOtherClass(
                "608268-001-0023456", tagClass: VehicleClass(id: "6", name: "Bus"), wanted: .named("4")),
            barcodeOfOtherClass("608268-001-0023456", tagClass: nil, wanted: .named("4")),
            activated(
                customerName: "Asha Patil", vehicleNumber: "MH12AB1235", barcode: "608268-001-0023456",
                helpLink: "https://shauryapay.com", walletPaise: 450_000, fastagsLeft: 9),
            askReplaceVehicleNumber, askReplaceSerial, askReason, askReasonDescription,
            replaced(vehicleNumber: "MH12AB1235", barcode: "608268-001-0034567", walletPaise: 450_000, fastagsLeft: 8),
            resendTooSoon(1), resendTooSoon(25), resendNotHere, otpResent, otpVerified, walletExists, carryOn,
            carryOnHint, firstQuestion, apology, startAgain, pickAnOption, pleaseChoose,
            optionsPage(first: 1, last: 9, of: 23, more: true), optionsPage(first: 19, last: 23, of: 23, more: false),
            severalMatch("mahindra", ["MAHINDRA & MAHINDRA", "MAHINDRA RENAULT"]),
            severalMatch("t", ["TOYOTA", "TATA", "T1", "T2", "T3", "T4", "T5"]), didYouMean("MARUTI"),
            suggestionDeclined,
            // Said in the flows themselves.
            "That photo is larger than 5 MB. " + sendAPhoto, "Please keep the reason under 200 characters.",
            ProviderError.unavailable("timeout").agentMessage,
        ]
        for kind in [
            "audio", "video", "sticker", "location", "contacts", "document", "interactive", "photo", "unknown",
        ] {
            texts.append(unsupported(kind))
            texts += Document.Kind.allCases.map { notAPhoto(kind, for: $0) }
        }
        // A burst of photos: how many are in, the next one, each refused one with its reason.
        for kind in Document.Kind.allCases {
            texts += [
                photosReceived(0, of: 5) + nowSend(kind), photosReceived(2, of: 5) + nowSend(kind),
                photoRefused(kind, photoUnreadable),
                photoRefused(kind, "That photo is larger than 5 MB. " + sendAPhoto),
            ]
        }
        texts += [photosReceived(5, of: 5), photosReceived(1, of: 1)]
        for count in [1, 2, 5] {
            for (index, kind) in Document.Kind.allCases.enumerated() {
                texts.append(askPhoto(kind, position: index + 1, of: count))
                texts.append(askPhoto(kind, position: 1, of: count))
            }
        }
        for type in IDProofType.allCases {
            texts += [askIDNumber(type), askIDExpiry(type), type.label]
        }
        // What a step expecting words says when it gets none ("Please type …").
        for expected in [
            "the vehicle number", "the mobile number", "your mobile number", "the 4-digit OTP", "the 6-digit OTP",
            "5 characters", "the first name", "the last name", "the date of birth", "the ID number", "the expiry date",
            "4 digits", "one of the options", "the reason",
        ] {
            texts.append("Please type \(expected).")
        }
        texts += summaries + refusals + sandboxRefusals
        for flow in Flow.all() {
            texts += flow.steps.map(\.hint).filter { !$0.isEmpty }
        }
        return texts
    }

    /// The option titles that are ours (a plan, a maker or a barcode is the provider's and
    /// is shown as it is).
    static var optionTitles: [String] {
        let options =
            menuOptions + confirmOptions + retryOptions + suggestionOptions + AssignFlow.idOptions
            + ReplaceFlow.reasonOptions
            + [Option(id: "skip", title: "Skip"), Option.more(page: 1)]
        let labels = Flow.all().flatMap { $0.steps.compactMap(\.editLabel) }
        return options.map(\.title) + labels + [ReplyFormat.listButton, ReplyFormat.sectionTitle]
    }

    /// The confirmations, with each ID proof and each reason.
    private static var summaries: [String] {
        var texts: [String] = []
        for type in IDProofType.allCases {
            var session = Session(id: "s", channel: .api, chatID: nil, flow: "assign", state: "confirm", now: 0)
            for (field, value) in [
                (StepName.vehicleNumber, "MH12AB1235"), (.userMobile, "9123456780"), (.engineNumber, "K4321"),
                (.idType, type.rawValue), (.idNumber, "K1234567"), (.vehicleMaker, "TOYOTA"),
                (.vehicleModel, "INNOVA"), (.vehicleDescriptor, "Diesel"),
            ] {
                session[field] = .string(value)
            }
            session[.plan, side: "name"] = "500 Plan"
            texts.append(AssignFlow.summary(session))
            session[.vehicleClass] = "4"
            session[.vehicleClass, side: "name"] = "Car / Jeep / Van"
            texts.append(AssignFlow.summary(session))
        }
        for reason in Replacement.Reason.allCases {
            var session = Session(id: "s", channel: .api, chatID: nil, flow: "replace", state: "confirm", now: 0)
            session[.vehicleNumber] = "MH12AB1235"
            session[.userMobile] = "9123456780"
            session[.barcode] = "608268-001-0034567"
            session[.reason] = .string(reason.rawValue)
            session[.reasonDescription] = "Glass broke"
            texts.append(ReplaceFlow.summary(session))
        }
        return texts
    }

    /// What the validators refuse, from answers each refuses.
    private static var refusals: [String] {
        let today = CalendarDate(year: 2026, month: 12, day: 6)!
        let checks: [() throws -> Void] = [
            { _ = try Validators.vehicleNumber("X") }, { _ = try Validators.vehicleNumber("ZZ12AB1234") },
            { _ = try Validators.vehicleNumber("MH12AB0000") }, { _ = try Validators.date("05-03-90") },
            { _ = try Validators.dateOfBirth("05-03-90", today: today) },
            { _ = try Validators.dateOfBirth("05-03-10", today: today) },
            { _ = try Validators.expiryDate("05-03-9", today: today) },
            { _ = try Validators.mobile("12") }, { _ = try Validators.otp("1", length: 4) },
            { _ = try Validators.otp("1", length: 6) }, { _ = try Validators.name("1") },
            { _ = try Validators.date("x") }, { _ = try Validators.date("31-02-2020") },
            { _ = try Validators.dateOfBirth("05-03-2020", today: today) },
            { _ = try Validators.expiryDate("05-03-2020", today: today) },
            { _ = try Validators.serialLast4("x") }, { _ = try Validators.engineLast5("x") },
            { _ = try IDProofType.pan.validateNumber("x") }, { _ = try IDProofType.pan.validateNumber("ABCDE1234F") },
            { _ = try IDProofType.passport.validateNumber("x") },
            { _ = try IDProofType.drivingLicense.validateNumber("x") },
            { _ = try IDProofType.drivingLicense.validateNumber("ZZ1220151234567") },
            { _ = try IDProofType.voterID.validateNumber("x") },
        ]
        return checks.compactMap { check in
            do {
                try check()
                return nil
            } catch {
                return (error as? InvalidInput)?.reason
            }
        }
    }

    /// What the sandbox provider refuses with (Shauryapay's own words vary and pass as they are).
    private static let sandboxRefusals = [
        "Invalid OTP. Please check and try again.", "Insufficient wallet balance. Please recharge to continue.",
        "This ID proof is already linked to another mobile number.", "Unknown vehicle model TOYOTA INNOVA.",
        "Barcode 608268-001-0023456 is not available.", "Replacement request not found.", "Agent not found.",
        "No FASTags left. Please get more FASTags to continue.", "Session expired. Please start again.",
        "Shauryapay refused the request.", "Shauryapay did not confirm the request.",
        "Barcode 608268-001-0023456 is for vehicle class 6, not 4.",
    ]
}
