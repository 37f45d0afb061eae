/// Parses `.env` files: `KEY=VALUE` lines, `#` comments, blank lines, an optional
/// `export ` prefix, and values in double quotes (with `\n`, `\t`, `\"`, `\\` escapes),
/// single quotes (taken literally) or bare (where ` #` starts a comment).
package enum DotEnv {
    package struct ParseError: Error, CustomStringConvertible, Equatable {
        let line: Int
        package let reason: String

        package init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }

        package var description: String { "line \(line): \(reason)" }
    }

    package static func parse(_ text: String) throws -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            line = line.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") || line.hasPrefix("export\t") {
                line = line.dropFirst(7).drop { $0 == " " || $0 == "\t" }
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw ParseError(line: offset + 1, reason: "expected KEY=VALUE")
            }
            let key = String(line[..<equals].trimming(" \t"))
            guard isValidKey(key) else {
                throw ParseError(line: offset + 1, reason: "'\(key)' is not a valid setting name")
            }
            let value = try parseValue(line[line.index(after: equals)...], line: offset + 1)
            result.append((key, value))
        }
        return result
    }

    static func isValidKey(_ key: String) -> Bool {
        guard let first = key.first, first == "_" || first.isLetter else { return false }
        return key.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber } && key.allSatisfy(\.isASCII)
    }

    private static func parseValue(_ raw: Substring, line: Int) throws -> String {
        let text = raw.drop { $0 == " " || $0 == "\t" }
        guard let quote = text.first, quote == "\"" || quote == "'" else {
            // Bare value: an inline comment starts at " #".
            var value = text
            if let hash = value.firstRange(of: " #") { value = value[..<hash.lowerBound] }
            return String(value.trimming(" \t"))
        }
        var value = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if character == quote {
                let rest = text[text.index(after: index)...].trimming(" \t")
                guard rest.isEmpty || rest.hasPrefix("#") else {
                    throw ParseError(line: line, reason: "unexpected text after the closing quote")
                }
                return value
            }
            if quote == "\"" && character == "\\" {
                index = text.index(after: index)
                guard index < text.endIndex else { break }
                switch text[index] {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                default: value.append(text[index])
                }
            } else {
                value.append(character)
            }
            index = text.index(after: index)
        }
        throw ParseError(line: line, reason: "missing closing \(quote)")
    }
}

extension StringProtocol {
    func trimming(_ characters: String) -> SubSequence {
        var result = self[...]
        while let first = result.first, characters.contains(first) { result = result.dropFirst() }
        while let last = result.last, characters.contains(last) { result = result.dropLast() }
        return result
    }
}
