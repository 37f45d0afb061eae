import HTTPServerKit

// libFuzzer entry point for `HTTPRequestParser` (see scripts/fuzz-parser).
//
// The first input byte picks how the rest is fed: bits 0-4 a piece size (1...32), bit 5 small
// limits (so the 413/414/431 paths are reached by short inputs), bit 6 pseudo-random piece
// sizes instead of fixed ones, bit 7 feeding through `receive(_:)` instead of `append(_:)`.
// The invariant: however the bytes are split, the parser produces the same heads, requests and
// error as when it gets them all at once, and it never exceeds its limits. After a `.head` the
// body limit is lowered for some requests (chosen from the head, so the same in every split),
// as a server does per route; a request's body must then stay within it and its head's fields
// must be the request's.

/// What one way of feeding produced. `.expectsContinue` depends on the split by design (it is
/// only sent when the body has not arrived), so it is left out.
private struct Outcome: Equatable {
    var heads: [Summary] = []
    var requests: [Summary] = []
    var error: HTTPParserError?
    var idle = false
}

/// The parts of a request compared between feeding modes.
private struct Summary: Equatable {
    var method: String
    var target: String
    var version: HTTPVersion
    var path: String
    var query: [String]
    var headers: [String]
    var body: [UInt8]
    var keepAlive: Bool

    init(_ request: HTTPRequest, limits: HTTPParserLimits, bodyLimit: Int? = nil) {
        precondition(request.body.count <= limits.maxBodyBytes, "body over maxBodyBytes")
        precondition(request.body.count <= bodyLimit ?? .max, "body over the limit set after its head")
        precondition(request.headers.count <= limits.maxHeaderCount, "more fields than maxHeaderCount")
        precondition(request.target.utf8.count <= limits.maxRequestLineBytes, "target over maxRequestLineBytes")
        method = request.method.rawValue
        target = request.target
        version = request.version
        // The derived views must not trap on anything the parser accepted.
        path = request.path
        query = request.query.map { $0.name + "=" + $0.value }
        headers = request.headers.map { $0.name + ": " + $0.value }
        body = request.body
        keepAlive = request.keepAlive
    }
}

private let smallLimits = HTTPParserLimits(
    maxRequestLineBytes: 48, maxHeaderBytes: 96, maxHeaderCount: 4, maxBodyBytes: 24)

/// The body limit a server might set for this head: none for some, a small one for others.
private func bodyLimit(for head: HTTPRequest) -> Int? {
    head.headers.count.isMultiple(of: 2) ? nil : head.target.utf8.count
}

private func run(_ bytes: [UInt8], pieces: [Int], viaReceive: Bool, limits: HTTPParserLimits) -> Outcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = Outcome()
    var offset = 0
    var pieceIndex = 0
    var pendingHead: (summary: Summary, limit: Int?)?
    feeding: while offset < bytes.count {
        let size = min(pieces[pieceIndex % pieces.count], bytes.count - offset)
        pieceIndex += 1
        let piece = bytes[offset..<(offset + size)]
        offset += size
        if viaReceive {
            let received = parser.receive { space in
                let count = min(space.count, piece.count)
                piece.prefix(count).withUnsafeBytes { space.copyMemory(from: $0) }
                return count
            }
            // `receive` offers at least 4 KiB, more than a piece ever is.
            precondition(received == piece.count, "receive offered too little space")
        } else {
            parser.append(piece)
        }
        while true {
            do {
                guard let event = try parser.next() else { break }
                switch event {
                case .head(let head):
                    precondition(pendingHead == nil, "a head while another request's body was pending")
                    precondition(head.body.isEmpty, "a head with a body")
                    let limit = bodyLimit(for: head)
                    if let limit { parser.limitBody(to: limit) }
                    let summary = Summary(head, limits: limits)
                    outcome.heads.append(summary)
                    pendingHead = (summary, limit)
                case .expectsContinue:
                    precondition(pendingHead != nil, "100 Continue without a head")
                case .request(let request):
                    let summary = Summary(request, limits: limits, bodyLimit: pendingHead?.limit)
                    if let head = pendingHead?.summary {
                        var withoutBody = summary
                        withoutBody.body = []
                        precondition(withoutBody == head, "the request differs from its head")
                    }
                    pendingHead = nil
                    outcome.requests.append(summary)
                }
            } catch {
                outcome.error = error
                // A failed parser stays failed with the same error.
                do {
                    _ = try parser.next()
                    preconditionFailure("parser recovered after \(error)")
                } catch let again {
                    precondition(again == error, "a different error after \(error): \(again)")
                }
                break feeding
            }
        }
    }
    outcome.idle = outcome.error == nil && parser.isIdle
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let limits = control & 0x20 != 0 ? smallLimits : HTTPParserLimits()
    let pieceSize = Int(control & 0x1F) + 1
    var pieces = [pieceSize]
    if control & 0x40 != 0 {
        // A small linear congruential sequence seeded by the control byte.
        var state = UInt32(control) &* 2_654_435_761 | 1
        pieces = (0..<17).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Int(state >> 24) % (2 * pieceSize) + 1
        }
    }
    let whole = run(bytes, pieces: [max(bytes.count, 1)], viaReceive: false, limits: limits)
    let split = run(bytes, pieces: pieces, viaReceive: control & 0x80 != 0, limits: limits)
    if whole != split {
        preconditionFailure(
            "split (control \(control)) differs from whole:\nwhole: \(whole.heads.count) heads, \(whole.requests) \(String(describing: whole.error)) "
                + "idle \(whole.idle)\nsplit: \(split.heads.count) heads, \(split.requests) \(String(describing: split.error)) idle \(split.idle)"
        )
    }
    return 0
}
