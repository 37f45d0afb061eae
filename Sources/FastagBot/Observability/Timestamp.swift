import Glibc

/// ISO-8601 UTC timestamps without Foundation's formatter (which is slow on a hot path).
enum Timestamp {
    static func unixSeconds() -> Int { Int(time(nil)) }

    /// `2026-11-25T14:16:06Z`
    static func iso8601(_ seconds: Int = Int(time(nil))) -> String {
        var t = seconds
        var parts = tm()
        gmtime_r(&t, &parts)
        return
            "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))Z"
    }

    /// `2026-11-25T14:16:06.123Z`
    static func iso8601Milliseconds() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let base = iso8601(now.tv_sec)
        return base.dropLast() + "." + pad(now.tv_nsec / 1_000_000, 3) + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
