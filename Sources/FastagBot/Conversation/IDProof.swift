/// The identity documents a customer may show, with their number rules.
enum IDProofType: String, CaseIterable, Sendable, Codable {
    case pan = "PAN"
    case passport = "Passport"
    case drivingLicense = "Driving License"
    case voterID = "Voter Id"

    /// Passports and driving licences expire; the flow then asks for the expiry date.
    var needsExpiry: Bool { self == .passport || self == .drivingLicense }

    /// The label in the confirmation, e.g. "PAN No".
    var label: String { "\(rawValue) No" }

    /// PAN `AAAAA9999A` (4th letter P: an individual); Passport `A9999999`; Driving License
    /// `SS RR YYYY NNNNNNN`; Voter Id (EPIC) `AAA9999999`. Spaces and dashes are dropped.
    func validateNumber(_ text: String) throws(InvalidInput) -> String {
        let value = Validators.compact(text)
        let bytes = Array(value.utf8)
        let letter = Validators.isLetter
        let digit = Validators.isDigit
        switch self {
        case .pan:
            guard bytes.count == 10, bytes[0..<5].allSatisfy(letter), bytes[5..<9].allSatisfy(digit), letter(bytes[9])
            else { throw InvalidInput("A PAN looks like ABCPE1234F (5 letters, 4 digits, 1 letter).") }
            guard bytes[3] == UInt8(ascii: "P") else {
                throw InvalidInput("This PAN does not belong to an individual (its 4th letter must be P).")
            }
        case .passport:
            guard bytes.count == 8, letter(bytes[0]), bytes[1...].allSatisfy(digit) else {
                throw InvalidInput("A passport number looks like A1234567 (1 letter, 7 digits).")
            }
        case .drivingLicense:
            let refusal = InvalidInput(
                "A driving licence number looks like MH12 2015 1234567 (state, RTO, year, 7 digits).")
            guard bytes.count == 15, letter(bytes[0]), letter(bytes[1]), bytes[2...].allSatisfy(digit) else {
                throw refusal
            }
            guard Validators.stateCodes.contains(String(value.prefix(2))) else {
                throw InvalidInput("\(value.prefix(2)) is not an Indian state code.")
            }
            let year = Int(value.dropFirst(4).prefix(4))!
            guard (1950...2100).contains(year) else { throw refusal }
        case .voterID:
            guard bytes.count == 10, bytes[0..<3].allSatisfy(letter), bytes[3...].allSatisfy(digit) else {
                throw InvalidInput("A Voter Id (EPIC) number looks like ABC1234567 (3 letters, 7 digits).")
            }
        }
        return value
    }
}
