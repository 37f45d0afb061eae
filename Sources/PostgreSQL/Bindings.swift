import CPostgres

/// Statement arguments laid out the way `PQexecPrepared` takes them: one C buffer per value,
/// its length, and its format. Text format for everything but `bytea`, which goes in binary
/// format (its raw bytes, so 0x00 needs no escaping and a photo is not doubled in size).
/// Owns its buffers and frees them (and with them any personal data) when released.
final class Bindings {
    private(set) var values: [UnsafePointer<CChar>?] = []
    private(set) var lengths: [Int32] = []
    private(set) var formats: [Int32] = []
    private var buffers: [UnsafeMutableBufferPointer<CChar>] = []

    var count: Int32 { Int32(values.count) }

    /// PostgreSQL's limit on one field value.
    static let maximumFieldSize = 1 << 30

    /// - Throws: `PostgresError` (`.characterNotInRepertoire`) when a text argument contains NUL,
    ///   which PostgreSQL text cannot hold (and a C string would silently cut it there).
    init(_ arguments: [PostgresValue], sql: String) throws(PostgresError) {
        values.reserveCapacity(arguments.count)
        for (index, argument) in arguments.enumerated() {
            switch argument {
            case .null:
                values.append(nil)
                lengths.append(0)
                formats.append(0)
            case .bytes(let bytes):
                guard bytes.count <= Self.maximumFieldSize else {
                    throw PostgresError(
                        code: .programLimitExceeded,
                        message: "argument \(index + 1) is larger than PostgreSQL's 1 GB field limit", sql: sql)
                }
                // A NULL pointer would mean SQL NULL, so even an empty value gets a buffer.
                let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(bytes.count, 1))
                bytes.withUnsafeBytes { raw in
                    _ = buffer.initialize(from: raw.bindMemory(to: CChar.self))
                }
                append(buffer, length: bytes.count, format: 1)
            case .text(let text):
                guard !text.utf8.contains(0) else {
                    throw PostgresError(
                        code: .characterNotInRepertoire,
                        message: "argument \(index + 1) contains a NUL character, which PostgreSQL text cannot hold",
                        sql: sql)
                }
                appendText(text)
            case .integer(let value): appendText(String(value))
            case .real(let value): appendText(Self.text(of: value))
            case .numeric(let text): appendText(text)
            case .bool(let value): appendText(value ? "1" : "0")
            }
        }
    }

    deinit {
        for buffer in buffers {
            buffer.update(repeating: 0)
            buffer.deallocate()
        }
    }

    private func appendText(_ text: String) {
        let utf8 = text.utf8
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: utf8.count + 1)
        var index = 0
        for byte in utf8 {
            buffer[index] = CChar(bitPattern: byte)
            index += 1
        }
        buffer[index] = 0
        append(buffer, length: utf8.count, format: 0)
    }

    private func append(_ buffer: UnsafeMutableBufferPointer<CChar>, length: Int, format: Int32) {
        buffers.append(buffer)
        values.append(UnsafePointer(buffer.baseAddress))
        lengths.append(Int32(clamping: length))
        formats.append(format)
    }

    /// PostgreSQL's spelling of special values; Swift's own (`inf`, `nan`) is not the one it documents.
    static func text(of value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return "\(value)"
    }
}

@available(*, unavailable)
extension Bindings: Sendable {}
