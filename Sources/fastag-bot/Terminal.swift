import FastagBot
import Foundation
import Glibc

/// Standard input and output: a prompt and bold option numbers on a terminal, plain lines
/// otherwise, so that piped output reads the same every time.
struct Terminal: Sendable {
    let interactive = isatty(STDIN_FILENO) == 1
    let styled = isatty(STDOUT_FILENO) == 1

    /// The bot's messages, each followed by an empty line.
    func show(_ messages: [TerminalChat.Message]) {
        show(messages.flatMap { message in message.lines.map(style) + [""] })
    }

    func show(_ lines: [String]) {
        write(lines.map { $0 + "\n" }.joined())
    }

    /// The next line typed (without its newline), after a prompt on a terminal; nil at the
    /// end of input. Read on a thread of its own: a blocked read must not hold one of the
    /// few threads that run tasks.
    func nextLine() async -> String? {
        if interactive { write("> ") }
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: readLine(strippingNewline: true)) }
        }
    }

    private func style(_ line: String) -> String {
        guard styled, let dot = line.firstIndex(of: "."), line[..<dot].allSatisfy(\.isNumber),
            dot > line.startIndex, line[line.index(after: dot)...].hasPrefix(" ")
        else { return line }
        return "\u{1B}[1m" + line[...dot] + "\u{1B}[0m" + line[line.index(after: dot)...]
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
