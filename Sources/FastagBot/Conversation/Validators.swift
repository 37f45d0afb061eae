/// Why an answer was refused, in words shown to the agent.
package struct InvalidInput: Error, Equatable, Sendable {
    package let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// The input rules of the conversation (CONVERSATION.md section 5). Each validator is a
/// pure function: it normalises the text (trim, upper-case where it makes sense, drop
/// spaces and dashes) and returns the value to store, or throws the reason it was refused.
package enum Validators {
    /// State and union-territory codes of Indian registrations, old ones still on the road included.
    static let stateCodes: Set<String> = [
        "AN", "AP", "AR", "AS", "BR", "CG", "CH", "DD", "DL", "DN", "GA", "GJ", "HP", "HR", "JH", "JK", "KA", "KL",
        "LA", "LD", "MH", "ML", "MN", "MP", "MZ", "NL", "OD", "OR", "PB", "PY", "RJ", "SK", "TG", "TN", "TR", "TS",
        "UA", "UK", "UP", "WB",
    ]

    /// `SS NN? X{0,3} NNNN` with a real state code (MH12AB1234, DL1CAB1234, KA05M1234) or the
    /// Bharat series `NN BH NNNN X{1,2}` (22BH1234AB); the number NNNN is 0001 to 9999.
    static func vehicleNumber(_ text: String) throws(InvalidInput) -> String {
        let value = compact(text)
        let refusal = InvalidInput("That is not a valid vehicle number. Example: MH12AB1234 or 22BH1234AB.")
        let bytes = Array(value.utf8)
        guard (6...11).contains(bytes.count), bytes.allSatisfy({ isDigit($0) || isLetter($0) }) else { throw refusal }
        if bytes.count >= 9, isDigit(bytes[0]), isDigit(bytes[1]), bytes[2] == UInt8(ascii: "B"),
            bytes[3] == UInt8(ascii: "H")
        {
            let year = Int(value.prefix(2))!
            let digits = bytes[4..<8]
            let letters = bytes[8...]
            guard year >= 21, digits.allSatisfy(isDigit), (1...2).contains(letters.count), letters.allSatisfy(isLetter)
            else { throw refusal }
            guard digits.contains(where: { $0 != UInt8(ascii: "0") }) else { throw noNumberZero(value) }
            return value
        }
        var index = 0
        guard isLetter(bytes[0]), isLetter(bytes[1]) else { throw refusal }
        let state = String(value.prefix(2))
        guard stateCodes.contains(state) else {
            throw InvalidInput("\(state) is not an Indian state code. Example: MH12AB1234.")
        }
        // District digits, series letters, then exactly 4 digits. Without a series the
        // district is whatever comes before the last 4 digits (DL11234 is DL 1 1234).
        index = 2
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        let digitsEnd = index
        while index < bytes.count, isLetter(bytes[index]) { index += 1 }
        let series = index - digitsEnd
        let district = series == 0 ? digitsEnd - 2 - 4 : digitsEnd - 2
        guard (1...2).contains(district), series <= 3, bytes.count - 2 - district - series == 4,
            bytes[(2 + district + series)...].allSatisfy(isDigit)
        else { throw refusal }
        guard !value.hasSuffix("0000") else { throw noNumberZero(value) }
        return value
    }

    /// Registrations are numbered from 0001 to 9999 in each series.
    private static func noNumberZero(_ value: String) -> InvalidInput {
        InvalidInput(
            "\(value) ends in 0000, which no registration has (the last 4 digits run from 0001 to 9999). "
                + "Please check the vehicle number.")
    }

    /// 10 digits starting 6-9; `+91`, `91` and `0` prefixes, spaces and dashes are dropped.
    package static func mobile(_ text: String) throws(InvalidInput) -> String {
        var digits = compact(text)
        if digits.hasPrefix("+91") {
            digits.removeFirst(3)
        } else if digits.count == 12 && digits.hasPrefix("91") {
            digits.removeFirst(2)
        } else if digits.count == 11 && digits.hasPrefix("0") {
            digits.removeFirst(1)
        }
        let bytes = Array(digits.utf8)
        guard bytes.count == 10, bytes.allSatisfy(isDigit), bytes[0] >= UInt8(ascii: "6") else {
            throw InvalidInput("Please send a 10-digit mobile number starting with 6, 7, 8 or 9.")
        }
        return digits
    }

    /// An OTP of exactly `length` digits.
    static func otp(_ text: String, length: Int) throws(InvalidInput) -> String {
        let value = compact(text)
        guard value.utf8.count == length, value.utf8.allSatisfy(isDigit) else {
            throw InvalidInput("Please type the \(length)-digit OTP.")
        }
        return value
    }

    /// Letters, spaces, `.`, `'` and `-`; 1-50 characters; inner runs of spaces collapsed.
    /// Characters are Unicode scalars, as SQLite's length() and JSON Schema's maxLength count
    /// them: a grapheme cluster has no upper size ("a" and a thousand accents is one).
    package static func name(_ text: String) throws(InvalidInput) -> String {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let value = words.joined(separator: " ")
        let allowed = value.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || " .'-".unicodeScalars.contains(scalar)
        }
        guard (1...50).contains(value.unicodeScalars.count), allowed,
            value.unicodeScalars.contains(where: \.properties.isAlphabetic)
        else {
            throw InvalidInput(
                "Please send a name of up to 50 letters (spaces, dots, apostrophes and hyphens allowed).")
        }
        return value
    }

    /// The last 4 digits of a serial number (barcode).
    static func serialLast4(_ text: String) throws(InvalidInput) -> String {
        let value = compact(text)
        guard value.utf8.count == 4, value.utf8.allSatisfy(isDigit) else {
            throw InvalidInput("Please send the last 4 digits of the serial number.")
        }
        return value
    }

    /// The last 5 characters of the engine number: letters or digits.
    static func engineLast5(_ text: String) throws(InvalidInput) -> String {
        let value = compact(text)
        guard value.utf8.count == 5, value.utf8.allSatisfy({ isDigit($0) || isLetter($0) }) else {
            throw InvalidInput("Please send the last 5 characters (letters or digits) of the engine number.")
        }
        return value
    }

    // MARK: - Helpers

    /// Upper-cased, without spaces, tabs, dashes and dots anywhere.
    static func compact(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !" \t-.".unicodeScalars.contains(scalar) {
            scalars.append(asciiUppercased(scalar))
        }
        return String(scalars)
    }

    /// Only a-z change: `"ß".uppercased()` is "SS", which would let a character that belongs
    /// in no number through as two letters that do.
    static func asciiUppercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard ("a"..."z").contains(scalar) else { return scalar }
        return Unicode.Scalar(UInt8(truncatingIfNeeded: scalar.value - 32))
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }
}
