import FastagTestKit
import Foundation
import TestKit
import Testing

@testable import FastagBot

/// `fastag-bot chat`, the built binary: typed into a pseudo-terminal as an agent types, and
/// driven by piped input as a script drives it; what it stores is read back from the database.
@Suite("fastag-bot chat", .onBothBackends)
struct ChatCommandTests {
    /// The bold of option numbers on a terminal, taken out to compare the words.
    static func plain(_ text: String) -> String {
        text.replacing("\u{1B}[1m", with: "").replacing("\u{1B}[0m", with: "")
    }

    /// The database's settings for the binary, with the secrets that PostgreSQL requires
    /// (replicas must share them).
    static func environment(_ database: TestDatabase) -> [String: String] {
        database.environment.merging([
            "SECRET_KEY": "chat-secret-key-0123456789abcdef", "ADMIN_TOKEN": "chat-admin-token-0123456789",
            "STEP_API_TOKEN": "chat-step-token-0123456789",
        ]) { $1 }
    }

    /// What an agent types for `turn`: the menu's choice by its number, a photo with /photo.
    static func typed(_ turn: AssignScript.Turn, photos: [String]) -> String {
        switch turn.answer {
        case .text(let text): text
        case .pick(let title, let typed): turn.answering == "menu" ? "1" : typed ?? title
        case .photo(let index): "/photo " + photos[index]
        }
    }

    @Test func anAgentWalksTheAssignFlowInATerminal() async throws {
        let database = try TestDatabase("chat-pty")
        defer { database.remove() }
        try FileManager.default.createDirectory(atPath: database.directory, withIntermediateDirectories: true)
        let script = AssignScript.sandbox()
        let photos = try script.photos.enumerated().map { index, bytes in
            let path = database.directory + "/photo-\(index).jpg"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        let terminal = try PseudoTerminal(
            BotProcess.executable.path, ["chat"], environment: Self.environment(database), directory: database.directory
        )
        let menu = SandboxCatalog.menu(wallet: SandboxCatalog.wallet, fastags: SandboxCatalog.fastags)
        #expect(await terminal.waitForOutput(menu + "\n1. Assign a FASTag\n2. Replace a FASTag", since: 0, Self.plain))
        #expect(await terminal.waitForOutput("\n> "), "no prompt:\n\(terminal.output)")
        #expect(terminal.output.contains("\u{1B}[1m1.\u{1B}[0m Assign a FASTag"), "no bold numbers on a terminal")

        for turn in script.turns {
            let mark = terminal.mark
            terminal.type(Self.typed(turn, photos: photos))
            for says in turn.says {
                let shown = await terminal.waitForOutput(says, since: mark, Self.plain)
                try #require(shown, "after \(turn.answering), no '\(says)' in:\n\(terminal.output(since: mark))")
            }
        }

        let storage = try database.storage()
        let completed = try await storage.sessions.list(SessionStore.Filter(status: .completed)).items
        #expect(completed.map(\.chatID) == [TerminalChat.chatID])
        #expect(completed.first?.channel == .api)
        let open = try #require(try await storage.sessions.openSession(channel: .api, chatID: TerminalChat.chatID))
        #expect(open.state == "menu")
        #expect(try await storage.fastags.find(tagNumber: script.barcode)?.status == .active)

        var mark = terminal.mark
        terminal.type("/photo \(database.directory)/missing.jpg")
        #expect(
            await terminal.waitForOutput(
                "fastag-bot chat: \(database.directory)/missing.jpg: no such file", since: mark))
        mark = terminal.mark
        terminal.type("/help")
        #expect(await terminal.waitForOutput("/photo PATH", since: mark))
        terminal.type("/quit")
        #expect(await terminal.waitForExit() == 0)
    }

    @Test func ctrlDLeavesWithStatusZero() async throws {
        let database = try TestDatabase("chat-eof")
        defer { database.remove() }
        try FileManager.default.createDirectory(atPath: database.directory, withIntermediateDirectories: true)
        let terminal = try PseudoTerminal(
            BotProcess.executable.path, ["chat"], environment: Self.environment(database),
            directory: database.directory)
        #expect(await terminal.waitForOutput("Replace a FASTag\n\n> ", since: 0, Self.plain), "\(terminal.output)")
        terminal.endInput()
        #expect(await terminal.waitForExit() == 0, "\(terminal.output)")
    }

    @Test func pipedInputWalksToTheCustomerDetailsAndStoresTheSession() async throws {
        let database = try TestDatabase("chat-pipe")
        defer { database.remove() }
        try FileManager.default.createDirectory(atPath: database.directory, withIntermediateDirectories: true)
        let errorFile = database.directory + "/chat.err"
        var previous: Session?
        // Two runs, the second for another customer: a customer's OTP is not sent twice in 30 s.
        for customer in ["9123456780", "9123456781"] {
            var script = AssignScript.sandbox(vehicle: "MH12AB1234")
            script.mobile = customer
            let turns = Array(script.turns.prefix(5))
            let input = turns.map { Self.typed($0, photos: []) } + ["/photo missing.jpg", "/nope"]
            // The README's form: printf into the command, a shell pipe, no terminal anywhere.
            let shell = "printf '\(input.joined(separator: "\\n"))\\n' | \"$0\" chat 2>\"$1\""
            let run = try ChildProcess(
                "/bin/sh", ["-c", shell, BotProcess.executable.path, errorFile],
                environment: Self.environment(database),
                directory: database.directory)
            #expect(await run.waitForExit() == 0, "\(run.output)")
            let output = run.output
            let menu = SandboxCatalog.menu(wallet: SandboxCatalog.wallet, fastags: SandboxCatalog.fastags)
            #expect(output.hasPrefix(menu + "\n1. Assign a FASTag\n2. Replace a FASTag\n\n"), "\(output)")
            var rest = Substring(output)
            for says in turns.flatMap(\.says) {
                let found = try #require(rest.range(of: says + "\n\n"), "no '\(says)' in order in:\n\(output)")
                rest = rest[found.upperBound...]
            }
            #expect(!output.contains("\u{1B}"), "colours in piped output:\n\(output)")
            #expect(!output.contains("> "), "a prompt in piped output:\n\(output)")
            let errors = try String(contentsOfFile: errorFile, encoding: .utf8)
            #expect(errors.contains("fastag-bot chat: missing.jpg: no such file"), "\(errors)")
            #expect(errors.contains("fastag-bot chat: unknown command /nope"), "\(errors)")

            let storage = try database.storage()
            let open = try #require(try await storage.sessions.openSession(channel: .api, chatID: TerminalChat.chatID))
            #expect(open.state == turns[4].step)
            #expect(open.agentID == (try await storage.agents.find(mobile: SandboxCatalog.demoMobile))?.id)
            #expect(open.authenticatedAt != nil)
            // A new run starts over at the menu: the previous run's session is cancelled.
            if let previous {
                #expect(open.id != previous.id)
                #expect(try await storage.sessions.get(previous.id)?.status == .cancelled)
            }
            previous = open
        }
    }
}

@Suite struct ChatCommandRefusalTests {
    @Test func liveModeIsRefusedBeforeAnythingRuns() async throws {
        let directory = NSTemporaryDirectory() + "chat-live-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let live = [
            "SHAURYAPAY_MODE": "live", "SHAURYAPAY_BASE_URL": "https://127.0.0.1:9/", "SMS_USER": "user",
            "SMS_PASSWORD": "password", "SMS_SENDER": "SHRYPY", "SECRET_KEY": "live-secret-key-0123456789abcdef",
            "ADMIN_TOKEN": "admin-token-0123456789abcdef", "STEP_API_TOKEN": "step-token-0123456789abcdef",
            "DATABASE_URL": "sqlite:///" + directory + "/bot.db",
        ]
        let bot = try BotProcess(["chat"], environment: live, directory: directory)
        #expect(await bot.waitForExit() == 2)
        #expect(bot.text.contains("the terminal chat runs in the sandbox only"), "\(bot.text)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/bot.db"))
    }

    @Test func optionsAreNumberedUnlessTheTextListsThem() {
        let menu = TerminalChat.Message(text: "Hi\nPick one", options: ["Assign a FASTag", "Replace a FASTag"])
        #expect(menu.lines == ["Hi", "Pick one", "1. Assign a FASTag", "2. Replace a FASTag"])
        let listed = TerminalChat.Message(
            text: "Who is your Vehicle Maker?\n1. TOYOTA\n2. TATA", options: ["TOYOTA", "TATA"])
        #expect(listed.lines == ["Who is your Vehicle Maker?", "1. TOYOTA", "2. TATA"])
        #expect(TerminalChat.Message(text: "Done").lines == ["Done"])
    }
}
