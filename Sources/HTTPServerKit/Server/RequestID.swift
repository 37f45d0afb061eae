import Synchronization

/// Request ids: the client's `X-Request-ID` when it is short and harmless (so it can be
/// traced across systems and never corrupts a log line), otherwise a fresh one made of a
/// random per-process prefix and a counter, cheap enough for every request.
enum RequestID {
    private static let prefix: String = {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }()
    private static let counter = Atomic<UInt64>(0)

    static func make() -> String {
        let next = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let hex = String(next, radix: 16)
        return prefix + "-" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }

    /// The id to use for a request that sent `header` (or none).
    static func resolve(_ header: String?) -> String {
        if let header, isUsable(header) { return header }
        return make()
    }

    static func isUsable(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard !utf8.isEmpty, utf8.count <= 128 else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
            case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"),
                UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "@"):
                true
            default: false
            }
        }
    }
}
