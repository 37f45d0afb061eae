/// Size limits the parser enforces. Each one is answered with its own status.
public struct HTTPParserLimits: Sendable, Equatable {
    /// The request line (method, target, version); beyond it: 414 URI Too Long.
    public var maxRequestLineBytes: Int
    /// All header lines together (trailers included); beyond it: 431.
    public var maxHeaderBytes: Int
    /// Number of header fields; beyond it: 431.
    public var maxHeaderCount: Int
    /// The decoded body; beyond it: 413 Content Too Large. The ceiling over any lower limit
    /// a responder sets per request (`HTTPRequestParser.limitBody(to:)`).
    public var maxBodyBytes: Int

    /// Limits; the defaults (8 KiB line, 32 KiB and 100 fields of headers, 8 MiB body) are
    /// those of common servers.
    public init(
        maxRequestLineBytes: Int = 8 * 1024,
        maxHeaderBytes: Int = 32 * 1024,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 8 * 1024 * 1024
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }
}
