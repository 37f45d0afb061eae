/// A growable byte buffer with separate read and write positions, so socket reads can go
/// straight into free space and parsed bytes are consumed without shifting the rest.
struct ByteBuffer: Sendable {
    private var storage: [UInt8] = []
    private(set) var readerIndex = 0
    private(set) var writerIndex = 0

    var readableCount: Int { writerIndex - readerIndex }
    var capacity: Int { storage.count }

    mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        let bytes = Array(bytes)
        _ = writeWithUnsafeMutableBytes(minimumWritable: bytes.count) { space in
            bytes.withUnsafeBytes { space.copyMemory(from: $0) }
            return bytes.count
        }
    }

    /// Lets `body` write up to `space.count` bytes (at least `minimumWritable`) after the
    /// readable ones; it returns how many it wrote (negative counts as zero).
    mutating func writeWithUnsafeMutableBytes(
        minimumWritable: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> Int
    ) rethrows -> Int {
        reserveWritable(minimumWritable)
        let start = writerIndex
        let written = try storage.withUnsafeMutableBytes { raw in
            try body(UnsafeMutableRawBufferPointer(rebasing: raw[start...]))
        }
        if written > 0 { writerIndex += written }
        return max(written, 0)
    }

    func withReadableBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[readerIndex..<writerIndex]))
        }
    }

    mutating func moveReaderIndex(forwardBy count: Int) {
        precondition(count >= 0 && count <= readableCount)
        readerIndex += count
        if readerIndex == writerIndex {
            readerIndex = 0
            writerIndex = 0
        }
    }

    /// Gives the memory back when nothing is buffered: thousands of idle keep-alive
    /// connections then cost no buffer at all.
    mutating func releaseIfEmpty() {
        if readableCount == 0 && !storage.isEmpty {
            storage = []
        }
    }

    private mutating func reserveWritable(_ minimum: Int) {
        if storage.count - writerIndex >= minimum { return }
        if readerIndex > 0 {
            let count = readableCount
            storage.withUnsafeMutableBytes { raw in
                let base = raw.baseAddress!
                base.copyMemory(from: base + readerIndex, byteCount: count)
            }
            readerIndex = 0
            writerIndex = count
            if storage.count - writerIndex >= minimum { return }
        }
        let newCount = max(storage.count * 2, writerIndex + minimum)
        storage.append(contentsOf: repeatElement(0, count: newCount - storage.count))
    }
}
