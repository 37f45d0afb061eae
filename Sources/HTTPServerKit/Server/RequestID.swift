import Synchronization

/// Request ids: the client's `X-Request-ID` when it is short and harmless (so it can be
/// traced across systems and never corrupts a log line), otherwise a fresh one made of a
/// random per-process prefix and a counter, cheap enough for every request.
enum RequestID {
    /// 16 random hex digits and a dash.
    private static let prefix: [UInt8] = {
        var generator = SystemRandomNumberGenerator()
        return hexDigits(generator.next() as UInt64, count: 16) + [UInt8(ascii: "-")]
    }()
    private static let counter = Atomic<UInt64>(0)
    private static let digits = Array("0123456789abcdef".utf8)

    /// `7f3a9c21d4e5b6a8-0000001a`
    static func make() -> String {
        let next = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return String(unsafeUninitializedCapacity: prefix.count + 8) { buffer in
            for (index, byte) in prefix.enumerated() { buffer[index] = byte }
            var value = next
            for index in (prefix.count..<(prefix.count + 8)).reversed() {
                buffer[index] = digits[Int(value & 0xF)]
                value >>= 4
            }
            return prefix.count + 8
        }
    }

    private static func hexDigits(_ value: UInt64, count: Int) -> [UInt8] {
        (0..<count).reversed().map { digits[Int((value >> (UInt64($0) * 4)) & 0xF)] }
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
