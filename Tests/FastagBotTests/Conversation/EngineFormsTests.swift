import FastagTestKit
import Testing

@testable import FastagBot

/// What field agents type, through the engine (issue 13, item 2): digits of a Hindi keyboard
/// at every number, options by a word or a typo ("Did you mean…?"), Yes and No in Hinglish
/// and Hindi, and the global words in Hindi. Pure readings are in `ValidatorTableTests` and
/// `OptionMatcherTests`; here they meet the steps.
@Suite("Engine: forms agents type")
struct EngineFormsTests {
    static let makers = [
        "MARUTI", "TOYOTA", "TATA", "HYUNDAI", "KIA MOTORS", "MAHINDRA & MAHINDRA", "MAHINDRA RENAULT", "MAHINDRA REVA",
        "MAHINDRA SSANGYONG", "HONDA",
    ]
    static let askMaker = Copy.askMaker(makers)
    static let makerOptions = Copy.numberedOptions("vehicle_maker", makers)

    /// `text` with its ASCII digits written in Devanagari (`12` is `१२`).
    static func devanagari(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { ("0"..."9").contains($0) ? Unicode.Scalar(0x966 + $0.value - 0x30)! : $0 }))
    }

    /// A logged-in chat at the maker question, the provider offering `makers`.
    static func atMaker() async throws -> EngineHarness {
        let chat = try await EngineHarness.loggedIn()
        chat.provider.script { $0.makers = makers }
        let reply = try await chat.assign(until: "vehicle_maker")
        #expect(reply.messages.last == BotMessage(askMaker, options: makerOptions))
        return chat
    }

    /// One answer: the chat must take it, be at `next`, and have stored `stored` (when given).
    func take(
        _ chat: EngineHarness, _ typed: String, next: String, _ field: String? = nil, _ stored: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let reply = try await chat.say(typed)
        #expect(!reply.isRefusal && reply.step == next, "\(typed): \(reply.text)", sourceLocation: sourceLocation)
        if let field, let stored {
            #expect(
                try await chat.stored().data[field] == .string(stored), "\(typed)", sourceLocation: sourceLocation)
        }
    }

    @Test func devanagariDigitsFromTheLoginToTheActivation() async throws {
        let chat = try await EngineHarness()
        try await take(chat, Self.devanagari(EngineHarness.agentMobile), next: "agent_otp")
        try await take(chat, Self.devanagari(try #require(chat.sms.lastCode)), next: "menu")
        let answers: [(typed: String, next: String, field: String?, stored: String?)] = [
            ("१", "vehicle_number", nil, nil),
            ("mh १२ ab १२३४", "engine_number", "vehicle_number", "MH12AB1234"),
            ("ab१२३", "user_mobile", "engine_number", "AB123"),
            ("+९१ ९१२३४ ५६७८९", "user_otp", "user_mobile", "9123456789"),
            ("१२३ ४५६", "first_name", nil, nil),
            ("Asha", "last_name", "first_name", "Asha"),
            ("Patil", "dob", "last_name", "Patil"),
            ("०५-०३-१९९०", "id_type", "dob", "05-03-1990"),
            ("१", "id_number", "id_type", "PAN"),
            ("ABCPE१२३४F", "plan", "id_number", "ABCPE1234F"),
            ("दो", "doc_rc_front", "plan", "P500"),
        ]
        for answer in answers { try await take(chat, answer.typed, next: answer.next, answer.field, answer.stored) }
        for _ in 0..<5 { try await chat.photo() }
        let vehicle: [(typed: String, next: String, field: String, stored: String)] = [
            ("२३४५", "barcode", "serial", "2345"),
            ("एक", "vehicle_maker", "barcode", "608268-001-0012345"),
            ("४", "vehicle_model", "vehicle_maker", "HYUNDAI"),
            ("do", "vehicle_descriptor", "vehicle_model", "CRETA"),
            ("३", "confirm", "vehicle_descriptor", "CNG"),
        ]
        for answer in vehicle { try await take(chat, answer.typed, next: answer.next, answer.field, answer.stored) }
        let done = try await chat.say("हाँ")
        #expect(done.flow == "menu" && done.step == "menu", "\(done.text)")
        #expect(chat.provider.calls("activate").count == 1)
    }

    /// Each refusal names the form expected; the chat stays at its question.
    @Test func refusalsNameTheFormExpected() async throws {
        let chat = try await EngineHarness.loggedIn()
        chat.provider.script { $0.makers = Self.makers }
        let script = EngineHarness.script
        let cases: [(step: String, typed: String, reason: String, question: String)] = [
            (
                "vehicle_number", "MH12AB0000",
                "MH12AB0000 ends in 0000, which no registration has (the last 4 digits run from 0001 to 9999). "
                    + "Please check the vehicle number.", Copy.askVehicleNumber
            ),
            (
                "vehicle_number", "MH १२ AB १२३",
                "That is not a valid vehicle number. Example: MH12AB1234 or 22BH1234AB.", Copy.askVehicleNumber
            ),
            (
                "user_mobile", "५८७६५४३२१०", "Please send a 10-digit mobile number starting with 6, 7, 8 or 9.",
                Copy.askCustomerMobile
            ),
            ("user_otp", "१२३४५", "Please type the 6-digit OTP.", Copy.askCustomerOTP(script.mobile)),
            (
                "dob", "05-03-25", "Please send the year of birth in full (4 digits), for example 05-03-1990.",
                Copy.askDateOfBirth
            ),
            ("dob", "5 Mar", "Please send the date as DD-MM-YYYY, for example 05-03-1990.", Copy.askDateOfBirth),
            (
                "dob", "३१-०४-१९९०", "31-04-1990 is not a real date. Please send it as DD-MM-YYYY.",
                Copy.askDateOfBirth
            ),
            ("id_type", "pa", Copy.severalMatch("pa", "PAN, Passport"), EngineAssignTests.askIDType),
            ("id_type", "पाँच", Copy.pickAnOption, EngineAssignTests.askIDType),
            ("plan", "तीन", Copy.pickAnOption, EngineAssignTests.askPlan),
            ("serial", "२३४", "Please send the last 4 digits of the serial number.", Copy.askSerial),
            (
                "vehicle_maker", "mahindra",
                Copy.severalMatch(
                    "mahindra", "MAHINDRA & MAHINDRA, MAHINDRA RENAULT, MAHINDRA REVA, MAHINDRA SSANGYONG"),
                Self.askMaker
            ),
            ("vehicle_maker", "ferrari", Copy.pickAnOption, Self.askMaker),
        ]
        for refusal in cases {
            if try await chat.stored().state != refusal.step { try await chat.assign(until: refusal.step) }
            try await chat.refuses(refusal.typed, refusal.reason, then: refusal.question, at: refusal.step)
        }
    }

    /// A barcode a digit off is another tag: never suggested.
    @Test func aBarcodeIsNeverGuessed() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.assign(until: "serial")
        try await chat.say("6789")
        let barcodes = ["608268-001-0016789", "608268-001-0026789"]
        try await chat.refuses(
            "608268-001-0016788", Copy.pickAnOption, then: Copy.askBarcode(barcodes), at: "barcode")
        try await take(chat, "608268 001 0026", next: "vehicle_maker", "barcode", "608268-001-0026789")
    }

    // MARK: Did you mean…?

    @Test func didYouMeanThenYes() async throws {
        for yes in [ConversationInput.text("haan"), .text("Yes"), .choice(id: "suggestion_yes", title: "Yes")] {
            let chat = try await Self.atMaker()
            let asked = try await chat.say("marutii")
            #expect(asked.isRefusal && asked.step == "vehicle_maker")
            #expect(asked.messages == [BotMessage(Copy.didYouMean("MARUTI"), options: Copy.suggestionOptions)])
            #expect(try await chat.stored().data["vehicle_maker"] == nil)
            // A chat that comes back finds the same question.
            #expect(try await chat.engine.prompt(sessionID: chat.sessionID).messages == asked.messages)
            let picked = try await chat.send(yes)
            #expect(!picked.isRefusal && picked.step == "vehicle_model", "\(yes)")
            #expect(picked.text == Copy.askModel(["SWIFT", "DZIRE"]))
            let session = try await chat.stored()
            #expect(session.data["vehicle_maker"] == .string("MARUTI"))
            #expect(session.data["vehicle_maker.suggestion"] == nil)
        }
    }

    @Test func didYouMeanThenNo() async throws {
        for no in [ConversationInput.text("nahi"), .text("नहीं"), .choice(id: "suggestion_no", title: "No")] {
            let chat = try await Self.atMaker()
            let asked = try await chat.say("maruthi suzuki")
            #expect(asked.messages == [BotMessage(Copy.didYouMean("MARUTI"), options: Copy.suggestionOptions)])
            let again = try await chat.send(no)
            #expect(!again.isRefusal && again.step == "vehicle_maker", "\(no)")
            #expect(
                again.messages == [
                    BotMessage(Copy.suggestionDeclined), BotMessage(Self.askMaker, options: Self.makerOptions),
                ])
            #expect(try await chat.stored().data["vehicle_maker.suggestion"] == nil)
            // Nothing waits for a Yes now: it is no maker.
            try await chat.refuses("yes", Copy.pickAnOption, then: Self.askMaker, at: "vehicle_maker")
            try await take(chat, "1", next: "vehicle_model", "vehicle_maker", "MARUTI")
        }
    }

    /// Another answer instead of Yes or No answers the question itself; a global word forgets
    /// the suggestion too.
    @Test func anotherAnswerReplacesTheSuggestion() async throws {
        let chat = try await Self.atMaker()
        #expect(try await chat.say("toyata").text == Copy.didYouMean("TOYOTA"))
        #expect(try await chat.say("hundai").text == Copy.didYouMean("HYUNDAI"))
        let help = try await chat.say("help")
        #expect(help.text == Self.askMaker + "\n(The number or the name of the maker in the list.)")
        #expect(try await chat.stored().data["vehicle_maker.suggestion"] == nil)
        #expect(try await chat.say("kai motors").text == Copy.didYouMean("KIA MOTORS"))
        try await take(chat, "2", next: "vehicle_model", "vehicle_maker", "TOYOTA")
    }

    /// The ID types, the plans and the confirmation take words too; a typo there is asked about.
    @Test func shortListsTakeWordsAndTypos() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.assign(until: "id_type")
        #expect(try await chat.say("pasport").text == Copy.didYouMean("Passport"))
        try await take(chat, "ha", next: "id_number", "id_type", "Passport")
        try await chat.say("back")
        try await take(chat, "dl", next: "id_number", "id_type", "Driving License")
        try await chat.say("back")
        try await take(chat, "first", next: "id_number", "id_type", "PAN")
        try await take(chat, "ABCPE1234F", next: "plan")
        try await take(chat, "second", next: "doc_rc_front", "plan", "P500")
    }

    // MARK: Yes and No, global words

    @Test(arguments: ["y", "yes", "yeah", "yep", "ok", "okay", "haan", "ha", "han", "ji", "haan ji", "हाँ", "हां", "जी"])
    func yesAtTheConfirmationActivates(_ yes: String) async throws {
        let chat = try await EngineHarness.atConfirmation()
        let reply = try await chat.say(yes)
        #expect(reply.flow == "menu" && chat.provider.calls("activate").count == 1, "\(yes): \(reply.text)")
    }

    @Test(arguments: ["n", "no", "nahi", "nahin", "na", "नहीं", "ना"])
    func noAtTheConfirmationListsTheDetails(_ no: String) async throws {
        let chat = try await EngineHarness.atConfirmation()
        let reply = try await chat.say(no)
        #expect(reply.step == "edit" && reply.options.map(\.title) == EngineAssignTests.editOptions, "\(no)")
        #expect(chat.provider.calls("activate").isEmpty)
    }

    @Test func globalWordsInHindi() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.say("1")
        try await chat.say("MH12AB1234")
        let help = try await chat.say("मदद")
        #expect(
            help.text == Copy.askEngineNumber + "\n(The last 5 letters or digits of the engine number, from the RC.)")
        let back = try await chat.say(" वापस ")
        #expect(back.step == "vehicle_number" && back.text == Copy.askVehicleNumber)
        let menu = try await chat.say("मेनू")
        #expect(menu.flow == "menu" && menu.step == "menu")
    }
}
