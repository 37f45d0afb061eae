import HTTPServerKit

/// SplitMix64: a tiny seeded generator, so random splits are reproducible from the seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// How a fixture's bytes are handed to the parser.
enum FeedMode: CustomStringConvertible {
    case whole
    case byteByByte
    case random(seed: UInt64)

    static let seeds: [UInt64] = [1, 2, 3, 42, 2024, 0xDEAD_BEEF]
    static let all: [FeedMode] = [.whole, .byteByByte] + seeds.map { .random(seed: $0) }

    var description: String {
        switch self {
        case .whole: "whole"
        case .byteByByte: "byte by byte"
        case .random(let seed): "random splits (seed \(seed))"
        }
    }

    func chunks(of bytes: [UInt8]) -> [[UInt8]] {
        switch self {
        case .whole:
            return [bytes]
        case .byteByByte:
            return bytes.map { [$0] }
        case .random(let seed):
            var generator = SeededGenerator(seed: seed)
            var result: [[UInt8]] = []
            var index = 0
            while index < bytes.count {
                // Mostly small pieces, sometimes large ones, so both line and body paths split.
                let maximum = Int.random(in: 0..<4, using: &generator) == 0 ? 4096 : 12
                let size = min(Int.random(in: 1...maximum, using: &generator), bytes.count - index)
                result.append(Array(bytes[index..<(index + size)]))
                index += size
            }
            return result
        }
    }
}

/// The parts of a parsed request the tests compare.
struct ParsedRequest: Equatable, CustomStringConvertible {
    var method: String
    var target: String
    var version: HTTPVersion = .http1_1
    var path: String
    var query: [String] = []
    var headers: [String]
    var body: [UInt8] = []
    var keepAlive = true

    init(
        method: String, target: String, version: HTTPVersion = .http1_1, path: String, query: [String] = [],
        headers: [String], body: String = "", keepAlive: Bool = true
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.path = path
        self.query = query
        self.headers = headers
        self.body = Array(body.utf8)
        self.keepAlive = keepAlive
    }

    init(_ request: HTTPRequest) {
        method = request.method.rawValue
        target = request.target
        version = request.version
        path = request.path
        query = request.query.map { "\($0.name)=\($0.value)" }
        headers = request.headers.map { "\($0.name): \($0.value)" }
        body = request.body
        keepAlive = request.keepAlive
    }

    var description: String {
        "\(method) \(target) \(version) path=\(path) query=\(query) headers=\(headers) body=\(body.count) bytes "
            + "keepAlive=\(keepAlive)"
    }
}

/// Everything the parser produced for one way of feeding the bytes.
struct ParseOutcome: Equatable, CustomStringConvertible {
    /// The `.head` events, in order (their bodies are empty).
    var heads: [ParsedRequest] = []
    var requests: [ParsedRequest] = []
    /// Requests that came after a `.head` whose fields they do not repeat.
    var headMismatches = 0
    /// `.expectsContinue` events; how many depends on the split, so they are not compared.
    var continues = 0
    var error: HTTPParserError?
    /// Whether the parser ended between requests (no partial request buffered).
    var idleAtEnd = false

    static func == (lhs: ParseOutcome, rhs: ParseOutcome) -> Bool {
        lhs.heads == rhs.heads && lhs.requests == rhs.requests && lhs.headMismatches == rhs.headMismatches
            && lhs.error == rhs.error && lhs.idleAtEnd == rhs.idleAtEnd
    }

    var description: String {
        "heads: \(heads.count), mismatches: \(headMismatches), requests: \(requests), error: \(error.map { "\($0)" } ?? "none"), idle: \(idleAtEnd)"
    }
}

/// Feeds `chunks` one after another, draining the parser after each, until an error.
/// `bodyLimit`, when it gives a number for a head, lowers that request's body limit.
func parse(
    _ chunks: [[UInt8]], limits: HTTPParserLimits = HTTPParserLimits(), bodyLimit: (HTTPRequest) -> Int? = { _ in nil }
) -> ParseOutcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = ParseOutcome()
    var pendingHead: ParsedRequest?
    feeding: for chunk in chunks {
        parser.append(chunk)
        while true {
            do {
                guard let event = try parser.next() else { break }
                switch event {
                case .head(let head):
                    outcome.heads.append(ParsedRequest(head))
                    if !head.body.isEmpty { outcome.headMismatches += 1 }
                    pendingHead = ParsedRequest(head)
                    if let limit = bodyLimit(head) { parser.limitBody(to: limit) }
                case .expectsContinue: outcome.continues += 1
                case .request(let request):
                    var parsed = ParsedRequest(request)
                    outcome.requests.append(parsed)
                    if let head = pendingHead {
                        parsed.body = []
                        if parsed != head { outcome.headMismatches += 1 }
                        pendingHead = nil
                    }
                }
            } catch {
                outcome.error = error
                break feeding
            }
        }
    }
    outcome.idleAtEnd = outcome.error == nil && parser.isIdle
    return outcome
}

extension HTTPParserError {
    /// Same case; the free-text reason of `.malformed` is ignored.
    func isSameKind(as other: HTTPParserError) -> Bool {
        switch (self, other) {
        case (.malformed, .malformed): true
        default: self == other
        }
    }
}

extension Array where Element == UInt8 {
    init(ascii text: String) {
        self = Array(text.utf8)
    }
}
