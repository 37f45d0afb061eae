import Glibc

/// Random ids in the UUID text form (`0190f3c2-…`, lowercase), for session ids and temporary
/// names. They are version 7: 48 bits of Unix milliseconds, then 74 random bits. Ids made one
/// after another sort together, so a new session goes to the end of the id index instead of
/// a random page of it (a batch of inserts then writes a few pages, not one per row), while
/// 74 random bits keep them unguessable. Foundation's `UUID()` is not used: on Linux it opens
/// and reads `/dev/urandom` for every id; the standard library's generator uses `getrandom`.
enum RandomID {
    static func uuid() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let milliseconds = UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec / 1_000_000)
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() as UInt64
        let moreRandom = generator.next() as UInt16
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: moreRandom >> 12)  // version 7
        bytes[7] = UInt8(truncatingIfNeeded: moreRandom)
        for index in 0..<8 { bytes[8 + index] = UInt8(truncatingIfNeeded: random >> (8 * (7 - index))) }
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 9562 variant
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
