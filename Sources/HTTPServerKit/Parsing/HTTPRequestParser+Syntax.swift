/// The grammar pieces of the parser that need no state: version, request target, chunk size.
extension HTTPRequestParser {
    static func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParserError) -> HTTPVersion {
        let b = Array(bytes)
        guard b.count == 8, b[0...4].elementsEqual("HTTP/".utf8), b[6] == UInt8(ascii: "."),
            let major = ASCII.hexValue(b[5]), major < 10, let minor = ASCII.hexValue(b[7]), minor < 10
        else {
            throw .malformed("bad HTTP version")
        }
        guard major == 1, minor <= 1 else { throw .unsupportedVersion }
        return HTTPVersion(major: Int(major), minor: Int(minor))
    }

    static func validateTarget(_ target: String, method: HTTPMethod) throws(HTTPParserError) {
        if target.hasPrefix("/") {
            // origin-form
        } else if target == "*" {
            guard method == .options else { throw .malformed("'*' is only valid for OPTIONS") }
            return
        } else {
            let lower = target.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
                throw .malformed("bad request target")
            }
        }
        guard target.utf8.contains(ASCII.percent) else { return }
        let request = HTTPRequest(method: method, target: target)
        guard PercentDecoding.isValid(request.rawPath) else { throw .malformed("bad percent-encoding in path") }
        guard PercentDecoding.decode(request.rawQuery, plusAsSpace: true) != nil else {
            throw .malformed("bad percent-encoding in query")
        }
    }

    static func parseChunkSize(_ line: [UInt8]) throws(HTTPParserError) -> Int {
        var size = 0
        var index = 0
        while index < line.count, let digit = ASCII.hexValue(line[index]) {
            guard index < 15 else { throw .bodyTooLarge }
            size = size << 4 | Int(digit)
            index += 1
        }
        guard index > 0 else { throw .malformed("bad chunk size") }
        var rest = line[index...].drop { $0 == ASCII.space || $0 == ASCII.tab }
        if !rest.isEmpty {
            // chunk-ext (RFC 9112 §7.1.1): accepted and ignored.
            guard rest.first == ASCII.semicolon else { throw .malformed("bad chunk size") }
            rest = rest.dropFirst()
            guard rest.allSatisfy(ASCII.isFieldValueByte) else { throw .malformed("bad chunk extension") }
        }
        return size
    }
}

extension Substring {
    /// The text without surrounding spaces and tabs (optional whitespace, RFC 9110 §5.6.3).
    var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
