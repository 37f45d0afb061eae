/// A strict JSON parser (RFC 8259) over UTF-8 bytes into `JSONValue`. Written for this
/// service's hot paths: request bodies (one may carry a 7 MB base64 photo) and stored
/// session data are parsed on every step, and Foundation's decoders cost several times
/// more. Integers that fit in Int64 stay integers; other numbers become Double.
struct JSONParser {
    struct Failure: Error, Equatable, CustomStringConvertible {
        let offset: Int
        package let reason: String
        var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// Nesting deeper than this is refused (a stack-overflow guard).
    static let maxDepth = 256

    static func parse(_ bytes: some Collection<UInt8>) throws(Failure) -> JSONValue {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { buffer throws(Failure) in
            var parser = JSONParser(bytes: buffer)
            parser.skipWhitespace()
            let value = try parser.value(depth: 0)
            parser.skipWhitespace()
            guard parser.index == buffer.count else { throw parser.failure("unexpected text after the value") }
            return value
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private func failure(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth < Self.maxDepth else { throw failure("nested too deeply") }
        switch current {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case let byte? where byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39): return try number()
        case nil: throw failure("unexpected end")
        default: throw failure("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(Failure) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw failure("unexpected character")
        }
        index += count
        return value
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        var members: [String: JSONValue] = [:]
        if opensEmpty(closing: UInt8(ascii: "}")) { return .object(members) }
        repeat {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            let key = try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            skipWhitespace()
            members[key] = try value(depth: depth + 1)
        } while try continues(closing: UInt8(ascii: "}"))
        return .object(members)
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        var elements: [JSONValue] = []
        if opensEmpty(closing: UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            skipWhitespace()
            elements.append(try value(depth: depth + 1))
        } while try continues(closing: UInt8(ascii: "]"))
        return .array(elements)
    }

    /// Steps over an object's or array's opening bracket; true when `closing` follows at
    /// once (an empty container, its closing bracket consumed too).
    private mutating func opensEmpty(closing: UInt8) -> Bool {
        index += 1
        skipWhitespace()
        guard current == closing else { return false }
        index += 1
        return true
    }

    /// After a member or an element: true at a comma (another follows), false at `closing`
    /// (consumed).
    private mutating func continues(closing: UInt8) throws(Failure) -> Bool {
        skipWhitespace()
        switch current {
        case UInt8(ascii: ","):
            index += 1
            return true
        case closing:
            index += 1
            return false
        default: throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
        }
    }

    private mutating func string() throws(Failure) -> String {
        index += 1
        let start = index
        // Fast path: no escapes (base64 photos, most names).
        index = plainRunEnd(from: index)
        if current == UInt8(ascii: "\"") {
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
            index += 1
            guard let text = String(validating: slice, as: UTF8.self) else { throw failure("not UTF-8") }
            return text
        }
        // Slow path: escapes. Runs between them are copied whole (base64 from many JSON
        // writers escapes every "/", so a photo may hold thousands of escapes).
        var scalars: [UInt8] = []
        scalars.reserveCapacity(bytes.count - start)
        scalars.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: scalars, as: UTF8.self) else { throw failure("not UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard let escape = current else { throw failure("unexpected end") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"): scalars.append(contentsOf: try unicodeEscape())
                default: throw failure("bad escape")
                }
            default:
                throw failure("control character in a string")
            }
            let run = plainRunEnd(from: index)
            scalars.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<run]))
            index = run
        }
        throw failure("unterminated string")
    }

    /// Where the run of string bytes from `start` ends: at a quote, a backslash, a control
    /// character or the end. Eight bytes are tested per step (a word with none of them passes
    /// whole; one that may hold one is finished byte by byte), which matters for photos.
    private func plainRunEnd(from start: Int) -> Int {
        var index = start
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            let ones: UInt64 = 0x0101_0101_0101_0101
            while index + 8 <= bytes.count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                // Per byte: high bit set where the byte is zero (or, for the last, below 0x20).
                let found =
                    ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
                if found & (ones &* 0x80) != 0 { break }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        return index
    }

    /// `\uXXXX`, with surrogate pairs, as UTF-8.
    private mutating func unicodeEscape() throws(Failure) -> [UInt8] {
        var value = try hex4()
        if (0xD800...0xDBFF).contains(value) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else {
                throw failure("lone surrogate")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw failure("lone surrogate") }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(value) {
            throw failure("lone surrogate")
        }
        guard let scalar = Unicode.Scalar(value) else { throw failure("bad escape") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("unexpected end") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw failure("bad \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func number() throws(Failure) -> JSONValue {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, first >= 0x30 && first <= 0x39 else { throw failure("bad number") }
        index += 1
        if first != 0x30 {
            while let byte = current, byte >= 0x30 && byte <= 0x39 { index += 1 }
        }
        var integral = true
        if current == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard let byte = current, byte >= 0x30 && byte <= 0x39 else { throw failure("bad number") }
            while let byte = current, byte >= 0x30 && byte <= 0x39 { index += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            integral = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let byte = current, byte >= 0x30 && byte <= 0x39 else { throw failure("bad number") }
            while let byte = current, byte >= 0x30 && byte <= 0x39 { index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if integral, let integer = Int64(text) { return .int(integer) }
        guard let double = Double(text) else { throw failure("bad number") }
        return .double(double)
    }
}
