import FastagBot
import Foundation

/// The assign flow (CONVERSATION.md section 2) as data: every answer from the menu to the
/// activated tag, each with the forms the front doors take it in (the step endpoint's body,
/// the typed or picked answer of a chat and of `/sessions/{id}/message`) and what the bot then
/// says and offers. Every suite that walks the flow takes its moves from here: the step API
/// (`endpointMoves`, `messageMoves`), the chats (`ChatDriver.walk`) and the engine, against
/// the sandbox, the fake Shauryapay or the engine's fakes (`+Presets`).
///
/// The endpoint bodies and the typed answers spell the same values differently (spaces,
/// case, numbers for options, other date separators), so that a walk also checks that the
/// bot reads what agents type.
package struct AssignScript: Sendable {
    /// One answer and what follows it.
    package struct Turn: Sendable {
        /// The step this answers.
        package var answering: String
        /// The answer as an agent types or picks it (chats, messages, the engine).
        package var answer: Answer
        /// The step endpoint under `/fastags/assign/` that takes it, with its body (without
        /// `session_id`); nil for the menu's choice, which the first endpoint makes itself.
        package var endpoint: String?
        package var body: [String: JSONValue]
        /// The step the flow is at afterwards, and what the bot says (one message or more) and
        /// offers there.
        package var step: String
        package var says: [String]
        package var options: [Option] = []
    }

    package enum Answer: Sendable, Equatable {
        case text(String)
        /// One of the options offered: a chat picks this title the way it is offered; the
        /// message API sends `typed` (a number or a name), or the option's id when nil.
        case pick(String, typed: String?)
        /// The photo at this index of `photos`.
        case photo(Int)
    }

    // MARK: What the provider offers

    package var plans: [String]
    /// Empty when the registry knows the vehicle: its maker, model and descriptor are then
    /// not asked (steps 15-17).
    package var makers: [String]
    /// The models of `maker`.
    package var models: [String]
    package var descriptors: [String]
    package var customerOTP: String
    /// The barcode ending in `serial`, the only one offered.
    package var barcode: String
    /// The agent's figures after the activation.
    package var wallet: String
    package var fastags: Int
    package var helpLink = "https://shauryapay.com"

    // MARK: What the agent answers

    package var vehicle = "MH12AB1235"
    package var engine = "K4321"
    package var mobile = "9123456780"
    package var firstName = "Asha"
    package var lastName = "Patil"
    package var dateOfBirth = "05-03-1990"
    package var idType = "Passport"
    package var idNumber = "K1234567"
    /// Asked for a Passport or a Driving License only.
    package var idExpiry: String? = "31-12-2035"
    package var plan = "500 Plan"
    package var serial: String { String(barcode.suffix(4)) }
    package var maker = "TOYOTA"
    package var model = "INNOVA"
    package var descriptor = "Diesel"
    /// The class as the summary shows it.
    package var vehicleClass = Copy.carClass
    /// The class's id, as the books keep it: `4`.
    package var vehicleClassID: String { String(vehicleClass.prefix { $0.isNumber }) }
    /// When the registry gives no class: the classes offered and the one the agent picks.
    package var classAsked: (offered: [(id: String, name: String)], pick: String)?
    /// Whether the agent sends the photo of the fixed tag (otherwise: Skip).
    package var tagPhoto = false
    package var photos: [[UInt8]] = AssignScript.standardPhotos

    /// Five photos of 150 KB, made once.
    package static let standardPhotos = (1...5).map { ImageFixtures.jpeg(bytes: 150_000, seed: UInt64($0)) }

    package var customerName: String { firstName + " " + lastName }

    package var summary: String {
        Copy.summary(
            vehicle: vehicle, mobile: mobile, engine: engine, idLabel: idType + " No",
            idMasked: String(repeating: "*", count: max(0, idNumber.count - 4)) + idNumber.suffix(4), plan: plan,
            maker: maker, model: model, descriptor: descriptor, vehicleClass: vehicleClass)
    }

    package var activated: String {
        Copy.activated(
            customer: customerName, vehicle: vehicle, barcode: barcode, helpLink: helpLink, wallet: wallet,
            fastags: fastags)
    }

    /// The photo at `index` as the step API takes it.
    package func photo(_ index: Int) -> JSONValue { .string(Data(photos[index]).base64EncodedString()) }
}
