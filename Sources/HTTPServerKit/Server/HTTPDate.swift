import Glibc
import Synchronization

/// The IMF-fixdate for the `Date` header (RFC 9110 §5.6.7), formatted once per second.
enum HTTPDate {
    private static let cache = Mutex<(second: Int, header: [UInt8])>((-1, []))

    /// `Date: Wed, 25 Nov 2026 14:26:07 GMT\r\n`
    static func appendHeader(to bytes: inout [UInt8]) {
        let second = time(nil)
        let header = cache.withLock { cached -> [UInt8] in
            if cached.second != second {
                var t = second
                var parts = tm()
                gmtime_r(&t, &parts)
                var buffer = [CChar](repeating: 0, count: 48)
                let count = strftime(&buffer, buffer.count, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &parts)
                cached = (second, buffer[0..<count].map { UInt8(bitPattern: $0) })
            }
            return cached.header
        }
        bytes.append(contentsOf: header)
    }
}
