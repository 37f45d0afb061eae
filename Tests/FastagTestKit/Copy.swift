import FastagBot

/// What the bot says and offers, written out from CONVERSATION.md: the quoted copy word for
/// word (emoji and line breaks included), "our wording" where the page says so, and the ids
/// of the options as the chat channels carry them. Every test that checks the bot's words
/// takes them from here, not from the product's `Messages`, so that a change of the
/// customer's copy cannot pass unnoticed: it has to be made here too, against the page.
package enum Copy {
    // MARK: - Login and menu (CONVERSATION.md section 1)

    package static let askAgentMobile = "Please enter your registered mobile number to continue."
    package static let agentOTPSent = "OTP sent to your mobile. Please enter the 4-digit OTP."

    package static func menu(_ name: String, wallet: String, fastags: Int) -> String {
        "Hi \(name) 👋,\n💼Your Wallet Balance: \(wallet), 🏷️ FASTags Left: \(fastags)"
    }

    package static let menuOptions = [
        Option(id: "menu_assign", title: "Assign a FASTag"), Option(id: "menu_replace", title: "Replace a FASTag"),
    ]

    // MARK: - Assign (section 2)

    package static let askVehicleNumber =
        "Let's get your FASTag in just a few steps. 🚗\nPlease enter your Vehicle Number (e.g., MH12AB1234)"
    package static let askEngineNumber = "Got it ✅Share the last 5 digits of engine no."
    package static let askCustomerMobile = "Now send user's 10-digit Mobile Number:"
    package static func askCustomerOTP(_ mobile: String) -> String {
        "Sending OTP to your \(mobile) 🔐\nPlease type the 6-digit OTP\n🔁 Didn't get the OTP? Reply Resend"
    }
    package static let askFirstName = "Share your FirstName"
    package static let askLastName = "Share your LastName"
    package static let askDateOfBirth = "Share your DOB (DD-MM-YYYY)/(Date-Month-Year)"
    package static func askIDType(_ name: String) -> String {
        "Thanks \(name) 🙌\nChoose your ID Proof type:\n1. PAN\n2. Passport\n3. Driving License\n4. Voter Id"
    }
    package static let idOptions = [
        Option(id: "id_pan", title: "PAN"), Option(id: "id_passport", title: "Passport"),
        Option(id: "id_dl", title: "Driving License"), Option(id: "id_voter", title: "Voter Id"),
    ]
    /// "our wording" in CONVERSATION.md
    package static func askIDNumber(_ type: String) -> String { "Enter the \(type) number:" }
    package static func askIDExpiry(_ type: String) -> String { "Enter the \(type) expiry date (DD-MM-YYYY):" }
    package static func askPlan(_ plans: [String]) -> String { "Select your Plan:\n" + numbered(plans) }
    /// A plan as an option: its id is "plan_" and the amount in its name.
    package static func planOptions(_ plans: [String]) -> [Option] {
        plans.map { name in
            Option(id: "plan_" + (name.split(separator: " ").first { Int($0) != nil } ?? ""), title: name)
        }
    }
    package static let walletCreated = "✅ Customer wallet created."
    package static let askRCFront = "Now please send the following 5 images one by one:\n📄 RC Front"
    package static let askRCBack = "📄 RC Back"
    package static let askVehicleFront = "📸 Vehicle Front"
    package static let askVehicleSide = "📸 Vehicle Side"
    package static let askTagFixed = "📸 Tag Fixed (If available)"
    package static let skipOptions = [Option(id: "skip", title: "Skip")]
    /// What a photo step says to something that is not a photo it takes (`a sticker`,
    /// `a PDF document`, `a photo larger than 5 MB`), naming the photo asked for (`📄 RC Front`).
    package static func notAPhoto(_ what: String, _ photo: String) -> String {
        "That was \(what). Please send the photo of \(photo) as a photo (JPEG or PNG, up to 5 MB)."
    }
    package static let askSerial = "✅ All images received!\nEnter Last 4 digits of Serial Number(Barcode)"
    package static func askBarcode(_ barcodes: [String]) -> String { "Available Barcodes:\n" + numbered(barcodes) }
    package static func askMaker(_ makers: [String]) -> String { "Who is your Vehicle Maker?\n" + numbered(makers) }
    package static func askModel(_ models: [String]) -> String { "What is your Vehicle Model?\n" + numbered(models) }
    package static func askDescriptor(_ items: [String]) -> String {
        "What is your Vehicle Descriptor\n" + numbered(items)
    }

    /// The summary; the vehicle class line is our addition to the page's summary (a car
    /// unless said otherwise).
    package static func summary(
        vehicle: String, mobile: String, engine: String, idLabel: String, idMasked: String, plan: String,
        maker: String, model: String, descriptor: String, vehicleClass: String = carClass
    ) -> String {
        "Checkout Details & edit if required\nVehicle no - \(vehicle)\nPhone no - \(mobile)\n"
            + "Last 5 digits of engine no - \(engine)\n\(idLabel) - \(idMasked)\nPlan - \(plan)\n"
            + "Vehicle Maker - \(maker)\nVehicle Model - \(model)\nVehicle Descriptor - \(descriptor)\n"
            + "Vehicle Class - \(vehicleClass)\nConfirm if entered details are correct with Yes or No?"
    }

    // MARK: - The vehicle class (our wording)

    package static let carClass = "4 (Car / Jeep / Van)"
    /// The sandbox's classes, as `get_vehicle_class_api` would list them.
    package static let sandboxClasses = [
        (id: "4", name: "Car / Jeep / Van"), (id: "5", name: "Light Commercial Vehicle"),
        (id: "6", name: "Bus (2 axles)"),
        (id: "7", name: "Truck (2 axles)"),
    ]
    package static func askVehicleClass(_ names: [String]) -> String {
        "The registry did not give this vehicle's class 🚚\nSelect the Vehicle Class:\n" + numbered(names)
    }
    /// A class as an option: its id is "class_" and the class id.
    package static func classOptions(_ classes: [(id: String, name: String)]) -> [Option] {
        classes.map { Option(id: "class_\($0.id)", title: $0.name) }
    }
    package static func noTagOfClass(_ label: String) -> String {
        "You have no FASTag for Vehicle Class \(label). Please get one, or reply menu to start again."
    }
    package static func barcodeOfOtherClass(_ barcode: String, tagClass: String, wanted: String) -> String {
        "Barcode \(barcode) is a FASTag for Vehicle Class \(tagClass); this vehicle needs Vehicle Class \(wanted)."
    }
    package static let confirmOptions = [
        Option(id: "confirm_yes", title: "Yes"), Option(id: "confirm_no", title: "No"),
    ]

    package static func activated(
        customer: String, vehicle: String, barcode: String, helpLink: String = "https://shauryapay.com",
        wallet: String, fastags: Int
    ) -> String {
        "🎉 Success! Your FASTag has been Activated ✅\n\nCustomer Name: \(customer)\nVehicle No: \(vehicle)\n"
            + "Barcode No: \(barcode)\n\n📦 Your FASTag will be shipped shortly!\nNeed help? Visit \(helpLink)\n\n"
            + "💼 Wallet Balance: \(wallet)\n🏷️ FASTags Left: \(fastags)\nLet's continue with the next one. 🚗"
    }

    // MARK: - Replace (section 3: the intermediate prompts are the product's own wording)

    package static let askReplaceVehicleNumber =
        "Let's replace a FASTag. 🔄\nPlease enter the Vehicle Number (e.g., MH12AB1234)"
    package static let askReplaceSerial = "Enter Last 4 digits of Serial Number(Barcode) of the new FASTag"
    package static let askReason =
        "Why is the FASTag being replaced?\n1. Tag Damaged\n2. Lost Tag\n3. Tag Not Working\n4. Others"
    package static let reasonOptions = ["Tag Damaged", "Lost Tag", "Tag Not Working", "Others"]
    package static let askReasonDescription = "Please describe the reason in a few words:"

    package static func replaceSummary(vehicle: String, mobile: String, barcode: String, reason: String) -> String {
        "Checkout Details & edit if required\nVehicle no - \(vehicle)\nPhone no - \(mobile)\n"
            + "New Barcode No - \(barcode)\nReason - \(reason)\nConfirm if entered details are correct with Yes or No?"
    }

    package static func replaced(vehicle: String, barcode: String, wallet: String, fastags: Int) -> String {
        "🎉 Success! Your FASTag has been Replaced ✅\n\nVehicle No: \(vehicle)\nBarcode No: \(barcode)\n\n"
            + "💼 Wallet Balance: \(wallet)\n🏷️ FASTags Left: \(fastags)\nLet's continue with the next one. 🚗"
    }

    // MARK: - Our wording for what every step shares

    package static let providerDown = "Shauryapay did not answer, try again."
    package static let pickAnOption = "Please reply with one of the options (its number or its name)."
    /// An answer a typo away from an option (issue 13): asked, never picked silently.
    package static func didYouMean(_ title: String) -> String { "Did you mean \(title)?" }
    package static let suggestionOptions = [
        Option(id: "suggestion_yes", title: "Yes"), Option(id: "suggestion_no", title: "No"),
    ]
    package static let suggestionDeclined = "OK. Please reply with the number or the full name from the list."
    /// An answer that starts several options' names.
    package static func severalMatch(_ typed: String, _ named: String) -> String {
        "\u{201C}\(typed)\u{201D} matches \(named). Please reply with the number or the full name."
    }

    // What `back` says at a fact it will not undo, and what a failure part way keeps.
    package static let otpVerified =
        "The customer's OTP is already verified and can't be asked again. To change the vehicle or the mobile, "
        + "answer No at the confirmation (the customer gets a new OTP), or reply menu to start again."
    package static let walletExists =
        "The customer's wallet is already created with Shauryapay, so you can't go back before it. "
        + "You can change the ID proof or the plan at the confirmation, or reply menu to start again."
    package static let carryOn = "What was already done is kept. Reply Retry to carry on from there."
    package static let retryOptions = [Option(id: "retry", title: "Retry")]

    /// What the chat channels say to a message they cannot read (`a sticker`, `an audio`).
    package static func unsupported(_ kind: String) -> String {
        "Sorry, I can't read \(kind) message. Please reply with text, a button or a photo."
    }

    /// A chat's "More…" row and the line under a page of a long list (DESIGN.md, chat channels).
    package static let more = "More…"
    package static func optionsPage(first: Int, last: Int, of total: Int, more: Bool) -> String {
        "Showing \(first)–\(last) of \(total)" + (more ? "; tap More… for the next ones" : "")
            + ". You can also type the number or the name of any of them."
    }

    package static func numbered(_ items: [String]) -> String {
        items.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }

    /// Options the bot numbers itself (barcodes, makers, models, descriptors): `field_1`…
    package static func numberedOptions(_ field: String, _ titles: [String]) -> [Option] {
        titles.enumerated().map { Option(id: "\(field)_\($0.offset + 1)", title: $0.element) }
    }
}
