/// Masks personal data before it reaches a log.
enum Redact {
    /// `98******10`
    static func mobile(_ mobile: String) -> String {
        guard mobile.count > 4 else { return String(repeating: "*", count: mobile.count) }
        return mobile.prefix(2) + String(repeating: "*", count: mobile.count - 4) + mobile.suffix(2)
    }
}
