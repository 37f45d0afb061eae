import Foundation
import Synchronization

/// The conversation of `fastag-bot chat`: the engine of an assembled `Application`, in this
/// process, signed in as the sandbox's demo agent. Sandbox only: the login is skipped, which
/// is only harmless where no real agent's wallet and no real FASTag can be touched.
package final class TerminalChat: Sendable {
    /// One bot message as the terminal shows it.
    package struct Message: Sendable, Equatable {
        package var text: String
        package var options: [String]

        package init(text: String, options: [String] = []) {
            self.text = text
            self.options = options
        }
    }

    package enum Failure: Error, CustomStringConvertible {
        case liveMode
        case noDemoAgent
        /// The session was closed elsewhere (another `fastag-bot chat`, an operator).
        case closed
        /// A photo that could not be sent, and why.
        case photo(String)

        package var description: String {
            switch self {
            case .liveMode:
                "the terminal chat runs in the sandbox only (SHAURYAPAY_MODE=sandbox): it signs in without an OTP"
            case .noDemoAgent: "the sandbox's demo agent \(SandboxProvider.demoAgentMobile) is missing"
            case .closed: "this chat's session was closed elsewhere (another fastag-bot chat?); start again"
            case .photo(let reason): reason
            }
        }
    }

    /// The terminal's sessions are step-API sessions of their own chat id, apart from the demo
    /// agent's step-API login (whose chat id is its mobile): neither closes the other.
    package static let chatID = "terminal:\(SandboxProvider.demoAgentMobile)"

    private let engine: ConversationEngine
    private let storage: Storage
    private let sessionID = Mutex<String?>(nil)

    package init(application: Application) throws(Failure) {
        guard application.settings.shauryapayMode == .sandbox else { throw .liveMode }
        engine = application.engine
        storage = application.storage
    }

    /// The session the conversation is in (a new one after each completed flow).
    package var currentSession: String? { sessionID.withLock { $0 } }

    /// Signs the demo agent in at the menu, closing the terminal's previous session; the menu.
    package func start() async throws -> [Message] {
        guard let agent = try await storage.agents.find(mobile: SandboxProvider.demoAgentMobile) else {
            throw Failure.noDemoAgent
        }
        return accept(try await engine.startSignedIn(as: agent, chatID: Self.chatID))
    }

    /// A typed line: a number or a title picks an option, as in a chat.
    package func send(_ text: String) async throws -> [Message] {
        try await apply(.text(text))
    }

    /// The file at `path` as a photo. It is taken as WhatsApp takes a photo sent as a
    /// document: JPEG or PNG, up to 25 MB, made a JPEG within 5 MB when larger.
    package func sendPhoto(atPath path: String) async throws -> [Message] {
        let bytes = try Self.readPhoto(path)
        switch await IncomingMedia.accept(bytes, ChatMedia(mediaID: nil, url: nil, asDocument: true)) {
        case .bytes(let photo): return try await apply(.image(photo))
        case .refused(let kind): return try await apply(.unsupported(kind))
        case .retry(let reason), .failed(let reason): throw Failure.photo("\(path): \(reason)")
        }
    }

    private func apply(_ input: ConversationInput) async throws -> [Message] {
        guard let id = currentSession else { return try await start() }
        do {
            return accept(try await engine.handle(input, sessionID: id, channel: .api))
        } catch ConversationEngine.EngineError.closed {
            throw Failure.closed
        }
    }

    private func accept(_ reply: Reply) -> [Message] {
        sessionID.withLock { $0 = reply.sessionID }
        return reply.messages.map { Message(text: $0.text, options: $0.options.map(\.title)) }
    }

    /// The bytes of a JPEG or PNG file, or why not, in words for the terminal.
    static func readPhoto(_ path: String) throws(Failure) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .photo("\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw .photo("\(path): is a directory, not a photo") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= IncomingMedia.documentMaxBytes else {
            throw .photo("\(path): larger than \(IncomingMedia.documentMaxBytes / 1024 / 1024) MB")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .photo("\(path): cannot be read") }
        let bytes = [UInt8](data)
        guard bytes.starts(with: [0xFF, 0xD8, 0xFF]) || bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) else {
            throw .photo("\(path): not a JPEG or PNG photo")
        }
        return bytes
    }
}

extension TerminalChat.Message {
    /// The lines a terminal shows: the text, then the options numbered (`1. Assign a FASTag`),
    /// unless the text already lists them so, as the questions with long lists do.
    package var lines: [String] {
        let numbered = options.enumerated().map { "\($0.offset + 1). \($0.element)" }
        let listed = !numbered.isEmpty && text.contains(numbered.joined(separator: "\n"))
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            + (listed ? [] : numbered)
    }
}
