/// Every sentence the agent sees. Quoted copy from CONVERSATION.md is kept exactly
/// (emoji and line breaks included); the rest is ours, in the same style.
enum Messages {
    // MARK: Login and menu
    static let askAgentMobile = "Please enter your registered mobile number to continue."
    static let agentOTPSent = "OTP sent to your mobile. Please enter the 4-digit OTP."
    // Refusals give only the reason: the question follows them.
    static let notRegistered = "This number is not registered as a FASTag agent."
    static let wrongAgentOTP = "That OTP is not correct."
    static func loginLocked(until: Int64) -> String {
        "Too many wrong OTPs. You can log in again after \(indiaClock(until))."
    }
    static func tooManyOTPs(until: Int64) -> String {
        "Too many OTPs were sent to this number. You can ask for a new one after \(indiaClock(until))."
    }
    static let otpExpired = "That OTP has expired. A new one comes with your mobile number."
    static let smsFailed = "We could not send the OTP by SMS right now. Please try again in a minute."
    static let loginFirst = "Please log in first."
    static let loggedOut = "You are logged out. Send any message to log in again."
    static let loginExpired = "Your login has expired."
    static let agentInactive = "Your agent account is no longer active. Please contact your distributor."
    static let sessionIdle = "Your last session was idle for too long, so we started over."

    static func menu(agentName: String, walletPaise: Int64, fastagsLeft: Int64) -> String {
        "Hi \(agentName) 👋,\n💼Your Wallet Balance: \(Money.rupees(walletPaise)), 🏷️ FASTags Left: \(fastagsLeft)"
    }
    static let menuOptions = [
        Option(id: "menu_assign", title: "Assign a FASTag"), Option(id: "menu_replace", title: "Replace a FASTag"),
    ]
    static let noFastagsLeft = "You have no FASTags left. Please get more FASTags, then choose again."

    // MARK: Assign
    static let askVehicleNumber =
        "Let's get your FASTag in just a few steps. 🚗\nPlease enter your Vehicle Number (e.g., MH12AB1234)"
    static let askEngineNumber = "Got it ✅Share the last 5 digits of engine no."
    static let askCustomerMobile = "Now send user's 10-digit Mobile Number:"
    static func askCustomerOTP(_ mobile: String) -> String {
        "Sending OTP to your \(mobile) 🔐\nPlease type the 6-digit OTP\n🔁 Didn't get the OTP? Reply Resend"
    }
    static let customerOTPUsedUp = "Too many wrong OTPs. Reply Resend to send the customer a new OTP."
    static let askFirstName = "Share your FirstName"
    static let askLastName = "Share your LastName"
    static let askDateOfBirth = "Share your DOB (DD-MM-YYYY)/(Date-Month-Year)"
    static func askIDProofType(_ name: String) -> String {
        "Thanks \(name) 🙌\nChoose your ID Proof type:\n1. PAN\n2. Passport\n3. Driving License\n4. Voter Id"
    }
    static func askIDNumber(_ type: IDProofType) -> String { "Enter the \(type.rawValue) number:" }
    static func askIDExpiry(_ type: IDProofType) -> String { "Enter the \(type.rawValue) expiry date (DD-MM-YYYY):" }
    static func askPlan(_ plans: [String]) -> String { "Select your Plan:\n" + numbered(plans) }
    static let noPlans = "No plan is available for you right now. Please contact support."
    static let walletCreated = "✅ Customer wallet created."
    static func walletRefused(_ reason: String) -> String {
        "The customer's wallet could not be created: \(reason)\nPlease check the ID proof."
    }
    /// The photo at `position` (from 1) of the `count` that `DOCUMENT_PHOTOS` lists: the first
    /// says how many will be asked for, the others name just the next one.
    static func askPhoto(_ kind: Document.Kind, position: Int, of count: Int) -> String {
        guard position == 1 else { return photoTitle(kind) }
        let intro =
            count == 1
            ? "Now please send the following image:" : "Now please send the following \(count) images one by one:"
        return intro + "\n" + photoTitle(kind)
    }
    static func photoTitle(_ kind: Document.Kind) -> String {
        switch kind {
        case .rcFront: "📄 RC Front"
        case .rcBack: "📄 RC Back"
        case .vehicleFront: "📸 Vehicle Front"
        case .vehicleSide: "📸 Vehicle Side"
        case .tagFixed: "📸 Tag Fixed (If available)"
        }
    }
    /// "five" for 5: small counts in words, others in digits.
    static func numberWord(_ number: Int) -> String {
        let words = ["zero", "one", "two", "three", "four", "five"]
        return words.indices.contains(number) ? words[number] : String(number)
    }
    static let sendAPhoto = "Please send a photo (JPEG or PNG, up to 5 MB)."
    static let photoUnreadable = "That photo could not be read: it is damaged or not a whole image. " + sendAPhoto
    static func askVehicleClass(_ classes: [String]) -> String {
        "The registry did not give this vehicle's class 🚚\nSelect the Vehicle Class:\n" + numbered(classes)
    }
    /// Refusals at the serial question: tags are made for one vehicle class.
    static func noTagOfClass(_ vehicleClass: VehicleClass) -> String {
        "You have no FASTag for Vehicle Class \(vehicleClass.label). Please get one, or reply menu to start again."
    }
    static func barcodeOfOtherClass(_ barcode: String, tagClass: VehicleClass?, wanted: VehicleClass) -> String {
        "Barcode \(barcode) is a FASTag for "
            + (tagClass.map { "Vehicle Class \($0.label)" } ?? "another vehicle class")
            + "; this vehicle needs Vehicle Class \(wanted.label)."
    }
    // Several photos sent at once (a burst) get one answer; ours, not CONVERSATION.md's.
    /// `✅ 3 of 5 photos received`: the photos `DOCUMENT_PHOTOS` lists that are in (or skipped).
    static func photosReceived(_ received: Int, of count: Int) -> String {
        (received > 0 ? "✅ " : "") + "\(received) of \(count) photos received"
    }
    /// Follows `photosReceived` when a photo is still missing: `, now send 📸 Vehicle Side`.
    static func nowSend(_ kind: Document.Kind) -> String { ", now send " + photoTitle(kind) }
    /// A photo of a burst that was refused: `📄 RC Back: That photo could not be read: …`.
    static func photoRefused(_ kind: Document.Kind, _ reason: String) -> String { photoTitle(kind) + ": " + reason }
    static let askSerial = "✅ All images received!\nEnter Last 4 digits of Serial Number(Barcode)"
    static func askBarcode(_ barcodes: [String]) -> String { "Available Barcodes:\n" + numbered(barcodes) }
    /// A refusal: the engine asks the serial question again after it.
    static func noBarcode(_ last4: String) -> String {
        "No available barcode ends with \(last4). Please check the serial number."
    }
    static func askMaker(_ makers: [String]) -> String { "Who is your Vehicle Maker?\n" + numbered(makers) }
    static func askModel(_ models: [String]) -> String { "What is your Vehicle Model?\n" + numbered(models) }
    static func askDescriptor(_ descriptors: [String]) -> String {
        "What is your Vehicle Descriptor\n" + numbered(descriptors)
    }
    static let confirmOptions = [Option(id: "confirm_yes", title: "Yes"), Option(id: "confirm_no", title: "No")]
    static let askWhatToEdit = "Which detail do you want to change?"

    static func activated(
        customerName: String, vehicleNumber: String, barcode: String, helpLink: String, walletPaise: Int64,
        fastagsLeft: Int64
    ) -> String {
        "🎉 Success! Your FASTag has been Activated ✅\n\nCustomer Name: \(customerName)\nVehicle No: \(vehicleNumber)\n"
            + "Barcode No: \(barcode)\n\n📦 Your FASTag will be shipped shortly!\nNeed help? Visit \(helpLink)\n\n"
            + "💼 Wallet Balance: \(Money.rupees(walletPaise))\n🏷️ FASTags Left: \(fastagsLeft)\nLet's continue with the next one. 🚗"
    }

    // MARK: Replace
    static let askReplaceVehicleNumber = "Let's replace a FASTag. 🔄\nPlease enter the Vehicle Number (e.g., MH12AB1234)"
    static let askReplaceSerial = "Enter Last 4 digits of Serial Number(Barcode) of the new FASTag"
    static let askReason =
        "Why is the FASTag being replaced?\n1. Tag Damaged\n2. Lost Tag\n3. Tag Not Working\n4. Others"
    static let askReasonDescription = "Please describe the reason in a few words:"
    static func replaced(vehicleNumber: String, barcode: String, walletPaise: Int64, fastagsLeft: Int64) -> String {
        "🎉 Success! Your FASTag has been Replaced ✅\n\nVehicle No: \(vehicleNumber)\nBarcode No: \(barcode)\n\n"
            + "💼 Wallet Balance: \(Money.rupees(walletPaise))\n🏷️ FASTags Left: \(fastagsLeft)\nLet's continue with the next one. 🚗"
    }

    // MARK: Global words
    static func resendTooSoon(_ seconds: Int64) -> String {
        "Please wait \(seconds) second\(seconds == 1 ? "" : "s") before asking for a new OTP."
    }
    static let resendNotHere = "Resend works only when you are asked for an OTP."
    static let otpResent = "A new OTP has been sent."
    // What `back` says at each fact it will not undo (`Step.fact`).
    static let otpVerified =
        "The customer's OTP is already verified and can't be asked again. To change the vehicle or the mobile, "
        + "answer No at the confirmation (the customer gets a new OTP), or reply menu to start again."
    static let walletExists =
        "The customer's wallet is already created with Shauryapay, so you can't go back before it. "
        + "You can change the ID proof or the plan at the confirmation, or reply menu to start again."
    /// After a provider failure part way through an input: what succeeded is kept.
    static let carryOn = "What was already done is kept. Reply Retry to carry on from there."
    static let carryOnHint = "Any reply tries the step that failed again; nothing done before it is repeated."
    static let retryOptions = [Option(id: "retry", title: "Retry")]
    static let firstQuestion = "This is the first question."
    static let apology = "Sorry, something went wrong on our side. Please send that again."
    static func unsupported(_ kind: String) -> String {
        let article = kind.first.map { "aeiouAEIOU".contains($0) } == true ? "an" : "a"
        return "Sorry, I can't read \(article) \(kind) message. Please reply with text, a button or a photo."
    }
    /// Something other than a photo (or too large) at a photo step: what it was, and how to
    /// send the photo asked for.
    static func notAPhoto(_ kind: String, for photo: Document.Kind) -> String {
        let article = kind.first.map { "aeiouAEIOU".contains($0) } == true ? "an" : "a"
        let what = kind == "audio" ? "an audio message" : "\(article) \(kind)"
        return "That was \(what). Please send the photo of \(photoTitle(photo)) as a photo (JPEG or PNG, up to 5 MB)."
    }
    static let startAgain = "Something is missing in this session. Reply menu to start again."
    static let pickAnOption = "Please reply with one of the options (its number or its name)."
    /// A typed answer that starts several options' names: at most five are named.
    static func severalMatch(_ typed: String, _ options: [String]) -> String {
        let named =
            options.prefix(5).joined(separator: ", ") + (options.count > 5 ? " and \(options.count - 5) more" : "")
        return "\u{201C}\(typed)\u{201D} matches \(named). Please reply with the number or the full name."
    }
    static func didYouMean(_ title: String) -> String { "Did you mean \(title)?" }
    static let suggestionOptions = [
        Option(id: "suggestion_yes", title: "Yes"), Option(id: "suggestion_no", title: "No"),
    ]
    /// After No to "Did you mean…?": the question follows.
    static let suggestionDeclined = "OK. Please reply with the number or the full name from the list."

    /// A chat's interactive body when the question itself was too long for one.
    static let pleaseChoose = "Please choose:"

    /// Under a page of a long list in a chat (the rows show the page; the numbers stay those
    /// of the whole list).
    static func optionsPage(first: Int, last: Int, of total: Int, more: Bool) -> String {
        "Showing \(first)–\(last) of \(total)" + (more ? "; tap More… for the next ones" : "")
            + ". You can also type the number or the name of any of them."
    }

    /// `1. A\n2. B`
    static func numbered(_ items: [String]) -> String {
        items.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }

    /// A time of day in India (UTC+05:30), rounded up to the minute: `14:32`.
    static func indiaClock(_ milliseconds: Int64) -> String {
        let minutes = (milliseconds + 19_800_000 + 59_999).floorDivided(by: 60_000)
        let ofDay = minutes - minutes.floorDivided(by: 1440) * 1440
        let hour = String(ofDay / 60)
        let minute = String(ofDay % 60)
        return (hour.count < 2 ? "0" + hour : hour) + ":" + (minute.count < 2 ? "0" + minute : minute)
    }

    /// All but the last four characters hidden: `******234F`.
    static func masked(_ text: String) -> String {
        String(repeating: "*", count: max(0, text.count - 4)) + text.suffix(4)
    }
}
