/// What the bot says, written out from CONVERSATION.md (not from the product's `Messages`),
/// so the end-to-end tests check the customer's copy itself.
enum Copy {
    static let agentOTPSent = "OTP sent to your mobile. Please enter the 4-digit OTP."
    static let menuOptions = ["Assign a FASTag", "Replace a FASTag"]

    static func menu(_ name: String, wallet: String, fastags: Int) -> String {
        "Hi \(name) 👋,\n💼Your Wallet Balance: \(wallet), 🏷️ FASTags Left: \(fastags)"
    }

    static let askVehicleNumber =
        "Let's get your FASTag in just a few steps. 🚗\nPlease enter your Vehicle Number (e.g., MH12AB1234)"
    static let askEngineNumber = "Got it ✅Share the last 5 digits of engine no."
    static let askCustomerMobile = "Now send user's 10-digit Mobile Number:"
    static func askCustomerOTP(_ mobile: String) -> String {
        "Sending OTP to your \(mobile) 🔐\nPlease type the 6-digit OTP\n🔁 Didn't get the OTP? Reply Resend"
    }
    static let askFirstName = "Share your FirstName"
    static let askLastName = "Share your LastName"
    static let askDateOfBirth = "Share your DOB (DD-MM-YYYY)/(Date-Month-Year)"
    static func askIDType(_ name: String) -> String {
        "Thanks \(name) 🙌\nChoose your ID Proof type:\n1. PAN\n2. Passport\n3. Driving License\n4. Voter Id"
    }
    static let idOptions = ["PAN", "Passport", "Driving License", "Voter Id"]
    /// "our wording" in CONVERSATION.md
    static func askIDNumber(_ type: String) -> String { "Enter the \(type) number:" }
    static func askIDExpiry(_ type: String) -> String { "Enter the \(type) expiry date (DD-MM-YYYY):" }
    static func askPlan(_ plans: [String]) -> String { "Select your Plan:\n" + numbered(plans) }
    static let walletCreated = "✅ Customer wallet created."
    static let askRCFront = "Now please send the following 5 images one by one:\n📄 RC Front"
    static let askRCBack = "📄 RC Back"
    static let askVehicleFront = "📸 Vehicle Front"
    static let askVehicleSide = "📸 Vehicle Side"
    static let askTagFixed = "📸 Tag Fixed (If available)"
    static let askSerial = "✅ All images received!\nEnter Last 4 digits of Serial Number(Barcode)"
    static func askBarcode(_ barcodes: [String]) -> String { "Available Barcodes:\n" + numbered(barcodes) }
    static func askMaker(_ makers: [String]) -> String { "Who is your Vehicle Maker?\n" + numbered(makers) }
    static func askModel(_ models: [String]) -> String { "What is your Vehicle Model?\n" + numbered(models) }
    static func askDescriptor(_ items: [String]) -> String { "What is your Vehicle Descriptor\n" + numbered(items) }

    static func summary(
        vehicle: String, mobile: String, engine: String, idLabel: String, idMasked: String, plan: String,
        maker: String, model: String, descriptor: String
    ) -> String {
        "Checkout Details & edit if required\nVehicle no - \(vehicle)\nPhone no - \(mobile)\n"
            + "Last 5 digits of engine no - \(engine)\n\(idLabel) - \(idMasked)\nPlan - \(plan)\n"
            + "Vehicle Maker - \(maker)\nVehicle Model - \(model)\nVehicle Descriptor - \(descriptor)\n"
            + "Confirm if entered details are correct with Yes or No?"
    }

    static func activated(
        customer: String, vehicle: String, barcode: String, helpLink: String = "https://shauryapay.com",
        wallet: String, fastags: Int
    ) -> String {
        "🎉 Success! Your FASTag has been Activated ✅\n\nCustomer Name: \(customer)\nVehicle No: \(vehicle)\n"
            + "Barcode No: \(barcode)\n\n📦 Your FASTag will be shipped shortly!\nNeed help? Visit \(helpLink)\n\n"
            + "💼 Wallet Balance: \(wallet)\n🏷️ FASTags Left: \(fastags)\nLet's continue with the next one. 🚗"
    }

    // Replace: the intermediate prompts are the product's own wording (CONVERSATION.md section 3).
    static let askReplaceVehicleNumber =
        "Let's replace a FASTag. 🔄\nPlease enter the Vehicle Number (e.g., MH12AB1234)"
    static let askReplaceSerial = "Enter Last 4 digits of Serial Number(Barcode) of the new FASTag"
    static let askReason =
        "Why is the FASTag being replaced?\n1. Tag Damaged\n2. Lost Tag\n3. Tag Not Working\n4. Others"
    static let reasonOptions = ["Tag Damaged", "Lost Tag", "Tag Not Working", "Others"]
    static let askReasonDescription = "Please describe the reason in a few words:"

    static func replaceSummary(vehicle: String, mobile: String, barcode: String, reason: String) -> String {
        "Checkout Details & edit if required\nVehicle no - \(vehicle)\nPhone no - \(mobile)\n"
            + "New Barcode No - \(barcode)\nReason - \(reason)\nConfirm if entered details are correct with Yes or No?"
    }

    static func replaced(vehicle: String, barcode: String, wallet: String, fastags: Int) -> String {
        "🎉 Success! Your FASTag has been Replaced ✅\n\nVehicle No: \(vehicle)\nBarcode No: \(barcode)\n\n"
            + "💼 Wallet Balance: \(wallet)\n🏷️ FASTags Left: \(fastags)\nLet's continue with the next one. 🚗"
    }

    static let providerDown = "Shauryapay did not answer, try again."

    static func numbered(_ items: [String]) -> String {
        items.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }
}
