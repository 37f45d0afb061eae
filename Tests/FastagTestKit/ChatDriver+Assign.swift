import FastagBot
import Testing

extension ChatDriver {
    /// Walks `script` from the menu: types its texts, picks its options the way each is
    /// offered (button, list row or typed number), sends its photos (served under
    /// `mediaID(index)`), and checks every reply exactly and in order. Returns how each
    /// option was picked.
    package func walk(
        _ script: AssignScript, mediaID: (Int) -> String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [Inbound] {
        for (index, photo) in script.photos.enumerated() { addMedia(mediaID(index), photo) }
        var picks: [Inbound] = []
        for turn in script.turns {
            // Each message alone; the options come with the last.
            let expected =
                turn.says.dropLast().map(Outgoing.text)
                + Outgoing.message(turn.says.last ?? "", options: turn.options)
            switch turn.answer {
            case .text(let text): try await say(.text(text), expected, sourceLocation: sourceLocation)
            case .pick(let title, _): picks.append(try await choose(title, expected, sourceLocation: sourceLocation))
            case .photo(let index): try await say(.image(mediaID(index)), expected, sourceLocation: sourceLocation)
            }
        }
        return picks
    }
}
