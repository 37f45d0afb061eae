import Foundation
import Synchronization

/// Where the product gets the time, so tests can move it (OTP expiry, idle sessions).
package protocol TimeSource: Sendable {
    /// Unix time in milliseconds (UTC).
    func nowMilliseconds() -> Int64
}

extension TimeSource {
    var now: Date { Date(timeIntervalSince1970: Double(nowMilliseconds()) / 1000) }
}

package struct SystemTime: TimeSource {
    package init() {}
    package func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}

/// A clock that only moves when told to.
package final class ManualTime: TimeSource {
    private let current: Mutex<Int64>

    package init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) {
        current = Mutex(Int64(start.timeIntervalSince1970 * 1000))
    }

    package func nowMilliseconds() -> Int64 { current.withLock { $0 } }

    package func advance(seconds: Double) {
        current.withLock { $0 += Int64(seconds * 1000) }
    }
}

/// Formats stored times (Unix milliseconds) as ISO-8601 UTC for the API.
enum ISOTime {
    package static func string(_ milliseconds: Int64) -> String {
        let seconds = Int(milliseconds / 1000)
        let millis = Int(milliseconds % 1000)
        let base = Timestamp.iso8601(seconds)
        let fraction = String(millis)
        return base.dropLast() + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
    }

    package static func string(_ milliseconds: Int64?) -> String? {
        milliseconds.map { string($0) }
    }
}
