import Glibc

/// A failed socket call with the operation, `errno` and its text.
public struct SocketError: Error, CustomStringConvertible, Sendable {
    /// The call that failed and what it was for, e.g. `bind 127.0.0.1:8000`.
    public let operation: String
    /// The `errno` (or `getaddrinfo`) code.
    public let code: Int32

    /// An error for `operation`, with the current `errno` unless `code` is given.
    public init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
    }

    /// `bind 127.0.0.1:8000 failed: Address already in use (errno 98)`.
    public var description: String {
        "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
