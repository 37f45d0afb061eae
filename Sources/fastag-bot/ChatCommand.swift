import Dispatch
import FastagBot
import Foundation
import Glibc

/// `fastag-bot chat`: the conversation in the terminal, on the configured database (a running
/// server and the chat share it), signed in as the sandbox's demo agent. One line is one
/// message; `/photo PATH` sends a photo, `/quit` or the end of input stops. Piped input works
/// the same, without the prompt, so that a script can drive it.
enum ChatCommand {
    static let help = """
        Type a number or an option's title to pick it, or any answer the bot asks for.
          /photo PATH   send a JPEG or PNG file as a photo
          /help         show this help
          /quit         leave (so does the end of input, Ctrl-D)
        """

    static func run(_ loaded: SettingsLoader.Loaded) async -> Int32 {
        var settings = loaded.settings
        // Live mode would call Shauryapay for real, and the chat skips the agent's OTP.
        guard settings.shauryapayMode == .sandbox else {
            Command.printError(
                "fastag-bot chat: the terminal chat runs in the sandbox only (SHAURYAPAY_MODE=sandbox); "
                    + "it signs in as the demo agent without an OTP and must never touch real FASTags")
            return 2
        }
        // The log goes to standard error, quieter unless asked: standard output is the chat.
        if loaded.origins["LOG_LEVEL"] == nil && settings.logLevel < .warning { settings.logLevel = .warning }
        signal(SIGPIPE, SIG_IGN)
        let terminal = Terminal()
        let chat: TerminalChat
        do {
            chat = try TerminalChat(
                application: try Application(settings: settings, logSink: StandardOutputSink(descriptor: STDERR_FILENO))
            )
        } catch {
            Command.printError("fastag-bot chat: cannot open the database \(settings.database.name): \(error)")
            return 1
        }
        if terminal.interactive {
            terminal.show(["Sandbox chat as the demo agent. /help lists the commands, /quit leaves.", ""])
        }
        do {
            terminal.show(try await chat.start())
        } catch {
            Command.printError("fastag-bot chat: \(error)")
            return 1
        }
        while let line = await terminal.nextLine() {
            let words = line.trimmingCharacters(in: .whitespaces)
            do {
                switch words.split(separator: " ", maxSplits: 1).first {
                case nil:
                    continue
                case "/quit":
                    return 0
                case "/help":
                    terminal.show(help.split(separator: "\n").map(String.init) + [""])
                case "/photo":
                    let path = words.dropFirst("/photo".count).trimmingCharacters(in: .whitespaces)
                    guard !path.isEmpty else {
                        Command.printError("fastag-bot chat: /photo needs a path, like /photo rc-front.jpg")
                        continue
                    }
                    terminal.show(try await chat.sendPhoto(atPath: NSString(string: path).expandingTildeInPath))
                case let word? where word.hasPrefix("/") && word.count > 1:
                    Command.printError("fastag-bot chat: unknown command \(word); /help lists the commands")
                default:
                    terminal.show(try await chat.send(words))
                }
            } catch TerminalChat.Failure.closed {
                Command.printError("fastag-bot chat: \(TerminalChat.Failure.closed)")
                return 1
            } catch {
                // A photo that cannot be read, the database out of reach: say so and go on.
                Command.printError("fastag-bot chat: \(error)")
            }
        }
        // Ctrl-D left the cursor after the prompt.
        if terminal.interactive { terminal.show([""]) }
        return 0
    }
}
