/// How a URL prints: always with the password replaced by `***`, in every form Swift prints a
/// value in (`"\(url)"`, `String(reflecting:)`, `dump`, a debugger's summary), so that neither a
/// log line nor `check-config` can show it.
extension PostgresURL: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Parameters whose values are secrets.
    static let secretKeywords: Set<String> = ["password", "sslpassword"]

    /// The URL with its password (and `sslpassword`) withheld.
    public var redacted: String {
        var text = scheme + "://"
        if user != nil || password != nil {
            text += Self.encode(user ?? "")
            if password != nil { text += ":***" }
            text += "@"
        }
        text += hosts.map { host in
            var part = host.name.contains(":") ? "[\(host.name)]" : Self.encode(host.name)
            if let port = host.port { part += ":\(port)" }
            return part
        }.joined(separator: ",")
        if let database { text += "/" + Self.encode(database) }
        if !queryParameters.isEmpty {
            text += "?"
            text += queryParameters.map { parameter in
                let value = Self.secretKeywords.contains(parameter.keyword) ? "***" : Self.encode(parameter.value)
                return Self.encode(parameter.keyword) + "=" + value
            }.joined(separator: "&")
        }
        return text
    }

    public var description: String { redacted }
    public var debugDescription: String { "PostgresURL(\(redacted))" }
    public var customMirror: Mirror { Mirror(self, children: ["url": redacted], displayStyle: .struct) }

    /// Percent-encodes everything but RFC 3986's unreserved characters (and '/' for socket paths
    /// is encoded too, so that the result parses back to the same URL).
    static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (character.isLetter || character.isNumber || "-._~".contains(character)) {
                encoded.append(character)
            } else {
                let hex = Array("0123456789ABCDEF")
                encoded += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return encoded
    }
}
