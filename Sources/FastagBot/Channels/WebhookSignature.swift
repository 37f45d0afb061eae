/// HMAC-SHA256 signatures of webhook bodies: `sha256=<hex>` computed over the exact bytes
/// received, checked before anything is parsed, compared in constant time.
enum WebhookSignature {
    static func isValid(_ header: String?, body: [UInt8], secret: String) -> Bool {
        guard !secret.isEmpty, var signature = header?.trimming(" \t") else { return false }
        if signature.lowercased().hasPrefix("sha256=") { signature = signature.dropFirst(7) }
        let expected = Crypto.hex(Crypto.hmacSHA256(key: Array(secret.utf8), message: body))
        return Crypto.constantTimeEquals(Array(signature.lowercased().utf8), Array(expected.utf8))
    }

    /// Whether `header` has the form of a signature (`sha256=` and 64 hex digits, or the digits
    /// alone). Checked from the head, so that an unsigned body is refused before it is read;
    /// whether it is the right one can only be known from the body.
    static func isWellFormed(_ header: String?) -> Bool {
        guard var signature = header?.trimming(" \t") else { return false }
        if signature.lowercased().hasPrefix("sha256=") { signature = signature.dropFirst(7) }
        return signature.utf8.count == 64
            && signature.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0 | 0x20) }
    }

    /// The header value a sender would put on `body` (for tests and fakes).
    static func sign(_ body: [UInt8], secret: String) -> String {
        "sha256=" + Crypto.hex(Crypto.hmacSHA256(key: Array(secret.utf8), message: body))
    }
}
