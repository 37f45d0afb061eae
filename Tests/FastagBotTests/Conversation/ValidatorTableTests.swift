import Testing

@testable import FastagBot

/// The input rules of CONVERSATION.md section 5, as tables of accepted and refused examples.
@Suite("Validator tables")
struct ValidatorTableTests {
    static let today = CalendarDate(year: 2026, month: 9, day: 21)!

    // MARK: Vehicle numbers

    static let validVehicles: [(String, String)] = [
        ("MH12AB1234", "MH12AB1234"),
        ("mh12ab1234", "MH12AB1234"),
        ("  MH 12 AB 1234 ", "MH12AB1234"),
        ("MH-12-AB-1234", "MH12AB1234"),
        ("DL1CAB1234", "DL1CAB1234"),
        ("dl 1c ab 1234", "DL1CAB1234"),
        ("KA5M1234", "KA5M1234"),
        ("KA05M1234", "KA05M1234"),
        ("KA51MA1234", "KA51MA1234"),
        ("TN01A0001", "TN01A0001"),
        ("GJ11234", "GJ11234"),
        ("UP161234", "UP161234"),
        ("22BH1234AB", "22BH1234AB"),
        ("22 BH 1234 A", "22BH1234A"),
        ("21bh0001zz", "21BH0001ZZ"),
        ("TS09EA1234", "TS09EA1234"),
    ]

    static let invalidVehicles: [String] = [
        "",
        "   ",
        "XX12AB1234",
        "ZZ1AB1234",
        "MH12AB123",
        "MH12AB12345",
        "MH12ABCD1234",
        "MH123AB1234",
        "MHAB1234",
        "12AB1234",
        "MH12AB12A4",
        "MH12AB1234X",
        "22BH1234",
        "22BH1234ABC",
        "22BH12AB34",
        "20BH1234AB",
        "MH12@B1234",
        "MH12AB1234🚗",
        "MH",
        "GJ1234",
        "DL3CABC1234",
        "MH1AB12345",
        // Upper-cased by Unicode's rules these become letters: "MH12ASS1234", "MH12AS1234".
        "MH12Aß1234",
        "mh12aſ1234",
        "MH12AB0000",
        "GJ10000",
        "22BH0000AB",
    ]

    @Test func registrationNumberZeroIsNamed() throws {
        for (text, value) in [("MH12AB0000", "MH12AB0000"), ("dl 1c 0000", "DL1C0000"), ("22BH0000AB", "22BH0000AB")] {
            #expect(
                throws: InvalidInput(
                    "\(value) ends in 0000, which no registration has (the last 4 digits run from 0001 to 9999). "
                        + "Please check the vehicle number.")
            ) { try Validators.vehicleNumber(text) }
        }
        #expect(try Validators.vehicleNumber("MH12AB0001") == "MH12AB0001")
        #expect(try Validators.vehicleNumber("22BH9999AB") == "22BH9999AB")
    }

    @Test func unknownStateCodeIsNamed() {
        #expect(throws: InvalidInput("XX is not an Indian state code. Example: MH12AB1234.")) {
            try Validators.vehicleNumber("xx12ab1234")
        }
    }

    // MARK: Mobiles

    static let validMobiles: [(String, String)] = [
        ("9876543210", "9876543210"),
        ("+919876543210", "9876543210"),
        ("+91 98765 43210", "9876543210"),
        ("919876543210", "9876543210"),
        ("91 9876543210", "9876543210"),
        ("09876543210", "9876543210"),
        ("0 98765-43210", "9876543210"),
        ("6000000000", "6000000000"),
        ("7012345678", "7012345678"),
        ("8123456789", "8123456789"),
        ("9198765432", "9198765432"),
        (" 98765 43210 ", "9876543210"),
    ]

    static let invalidMobiles: [String] = [
        "5876543210", "0876543210", "987654321", "98765432101", "+9198765432", "+91 58765 43210",
        "0987654321", "+1 9876543210", "98765abcde", "", "+91", "919876543", "00919876543210",
    ]

    // MARK: Both tables

    /// The validators whose tables are above: one pair of tests runs them all.
    enum Rule: String, Sendable {
        case vehicleNumber, mobile

        func validate(_ text: String) throws -> String {
            switch self {
            case .vehicleNumber: try Validators.vehicleNumber(text)
            case .mobile: try Validators.mobile(text)
            }
        }
    }

    static let acceptedExamples: [(Rule, String, String)] =
        validVehicles.map { (Rule.vehicleNumber, $0.0, $0.1) } + validMobiles.map { (Rule.mobile, $0.0, $0.1) }
    static let refusedExamples: [(Rule, String)] =
        invalidVehicles.map { (Rule.vehicleNumber, $0) } + invalidMobiles.map { (Rule.mobile, $0) }

    @Test(arguments: acceptedExamples)
    func accepted(_ example: (rule: Rule, text: String, result: String)) throws {
        #expect(try example.rule.validate(example.text) == example.result)
    }

    @Test(arguments: refusedExamples)
    func refused(_ example: (rule: Rule, text: String)) {
        #expect(throws: InvalidInput.self) { try example.rule.validate(example.text) }
    }

    // MARK: Digits of any script

    @Test func digitsOfAnyScriptBecomeASCII() {
        #expect(Validators.asciiDigits("०१२३४५६७८९") == "0123456789")
        #expect(Validators.asciiDigits("+९१ ९८७६५-४३२१०") == "+91 98765-43210")
        #expect(Validators.asciiDigits("૦૫/০৩/١٩٩٠") == "05/03/1990")
        #expect(Validators.asciiDigits("１２３") == "123")
        // Only digits change: letters, Devanagari ones included, and other numbers stay.
        #expect(Validators.asciiDigits("MH १२ AB") == "MH 12 AB")
        #expect(Validators.asciiDigits("मार्च ½ Ⅻ ²") == "मार्च ½ Ⅻ ²")
    }

    // MARK: OTPs, serial, engine

    @Test func otpLengths() throws {
        #expect(try Validators.otp("1234", length: 4) == "1234")
        #expect(try Validators.otp(" 12 34 ", length: 4) == "1234")
        #expect(try Validators.otp("123456", length: 6) == "123456")
        #expect(try Validators.otp("123-456", length: 6) == "123456")
        for (text, length) in [("123", 4), ("12345", 4), ("12a4", 4), ("12345", 6), ("1234567", 6), ("", 6)] {
            #expect(throws: InvalidInput("Please type the \(length)-digit OTP.")) {
                try Validators.otp(text, length: length)
            }
        }
    }

    @Test func serialLast4() throws {
        #expect(try Validators.serialLast4("2345") == "2345")
        #expect(try Validators.serialLast4(" 23 45 ") == "2345")
        for text in ["234", "23456", "23a5", "", "-2345-6"] {
            #expect(throws: InvalidInput.self) { try Validators.serialLast4(text) }
        }
    }

    @Test func engineLast5() throws {
        #expect(try Validators.engineLast5("ab123") == "AB123")
        #expect(try Validators.engineLast5("12345") == "12345")
        #expect(try Validators.engineLast5(" 1 2-3 4 5") == "12345")
        for text in ["1234", "123456", "12#45", "", "AB12"] {
            #expect(throws: InvalidInput.self) { try Validators.engineLast5(text) }
        }
    }

    // MARK: Names

    @Test(arguments: ["Asha", "asha", "O'Brien", "Mary-Jane", "K. Ravi", "  Ravi   Kumar ", "Zoë", "A"])
    func nameAccepted(_ text: String) throws {
        let name = try Validators.name(text)
        #expect(name == text.split(separator: " ").joined(separator: " "))
    }

    @Test(
        arguments: [
            "", "   ", "Asha1", "R2D2", "Ravi_Kumar", "Ravi@", "...", "-", String(repeating: "a", count: 51),
            "Ravi 😀",
            // One grapheme cluster of 61 code points: "50 characters" is counted in code points.
            "\u{915}" + String(repeating: "\u{93F}", count: 60),
        ])
    func nameRefused(_ text: String) {
        #expect(throws: InvalidInput.self) { try Validators.name(text) }
    }

    @Test func nameOfFiftyLetters() throws {
        let fifty = String(repeating: "a", count: 50)
        #expect(try Validators.name(fifty) == fifty)
    }

    // MARK: ID numbers

    static let validIDs: [(IDProofType, String, String)] = [
        (.pan, "ABCPE1234F", "ABCPE1234F"),
        (.pan, "abcpe1234f", "ABCPE1234F"),
        (.pan, " ABCPE 1234 F ", "ABCPE1234F"),
        (.pan, "ZZZPZ9999Z", "ZZZPZ9999Z"),
        (.passport, "A1234567", "A1234567"),
        (.passport, "z 7654321", "Z7654321"),
        (.passport, "M-1234567", "M1234567"),
        (.drivingLicense, "MH1220151234567", "MH1220151234567"),
        (.drivingLicense, "MH12 2015 1234567", "MH1220151234567"),
        (.drivingLicense, "mh-12-2015-1234567", "MH1220151234567"),
        (.drivingLicense, "DL0419990000001", "DL0419990000001"),
        (.drivingLicense, "KA 05 2023 7654321", "KA0520237654321"),
        (.voterID, "ABC1234567", "ABC1234567"),
        (.voterID, "abc 1234567", "ABC1234567"),
        (.voterID, "XYZ-0000001", "XYZ0000001"),
        (.voterID, "UTC9876543", "UTC9876543"),
    ]

    static let invalidIDs: [(IDProofType, String)] = [
        (.pan, "ABCDE1234F"),  // 4th letter not P: not an individual
        (.pan, "ABCCE1234F"),
        (.pan, "ABCPE12345"),
        (.pan, "ABCP1234F"),
        (.pan, "1BCPE1234F"),
        (.pan, "ABCPE1234FF"),
        (.pan, ""),
        (.passport, "12345678"),
        (.passport, "A123456"),
        (.passport, "A12345678"),
        (.passport, "AB123456"),
        (.drivingLicense, "XX1220151234567"),
        (.drivingLicense, "MH122015123456"),
        (.drivingLicense, "MH12201512345678"),
        (.drivingLicense, "MH12ABCD1234567"),
        (.drivingLicense, "MH1218991234567"),
        (.drivingLicense, "1212201512345678"),
        (.voterID, "AB12345678"),
        (.voterID, "ABCD123456"),
        (.voterID, "ABC123456"),
        (.voterID, "ABC12345678"),
        (.voterID, "ABC12345A7"),
        (.pan, "ABCPſ1234F"),
    ]

    @Test(arguments: validIDs)
    func idNumberAccepted(_ example: (IDProofType, String, String)) throws {
        #expect(try example.0.validateNumber(example.1) == example.2)
    }

    @Test(arguments: invalidIDs)
    func idNumberRefused(_ example: (IDProofType, String)) {
        #expect(throws: InvalidInput.self) { try example.0.validateNumber(example.1) }
    }

    @Test func idRefusalsSayWhatIsExpected() {
        #expect(throws: InvalidInput("This PAN does not belong to an individual (its 4th letter must be P).")) {
            try IDProofType.pan.validateNumber("ABCDE1234F")
        }
        #expect(throws: InvalidInput("XX is not an Indian state code.")) {
            try IDProofType.drivingLicense.validateNumber("XX1220151234567")
        }
        #expect(IDProofType.allCases.filter(\.needsExpiry) == [.passport, .drivingLicense])
        #expect(IDProofType.allCases.map(\.label) == ["PAN No", "Passport No", "Driving License No", "Voter Id No"])
    }
}
