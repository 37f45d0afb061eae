import HTTPServerKit
import Testing

/// One request message (or several) and what the parser must make of it, however it is split.
struct ParserFixture: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    var limits = HTTPParserLimits()
    var requests: [ParsedRequest] = []
    var error: HTTPParserError?
    /// Whether the input ends between requests; false when a partial request is left over.
    var endsIdle = true

    var testDescription: String { name }

    /// Limits small enough for a fixture to exceed each.
    static let small = HTTPParserLimits(
        maxRequestLineBytes: 64, maxHeaderBytes: 128, maxHeaderCount: 4, maxBodyBytes: 16)

    init(
        _ name: String, _ text: String, limits: HTTPParserLimits = HTTPParserLimits(),
        requests: [ParsedRequest] = [], error: HTTPParserError? = nil, endsIdle: Bool = true
    ) {
        self.name = name
        self.bytes = Array(text.utf8)
        self.limits = limits
        self.requests = requests
        self.error = error
        self.endsIdle = error == nil && endsIdle
    }

    init(_ name: String, bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits(), error: HTTPParserError) {
        self.name = name
        self.bytes = bytes
        self.limits = limits
        self.error = error
        self.endsIdle = false
    }
}
