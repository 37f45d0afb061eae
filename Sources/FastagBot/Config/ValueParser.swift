import Foundation

/// How setting values are read from text. Each parser throws what it expected.
enum ValueParser {
    static func any(_ value: String) -> String { value }

    static func nonEmpty(_ what: String) -> @Sendable (String) throws(SettingValueError) -> String {
        { value throws(SettingValueError) in
            guard !value.isEmpty else { throw SettingValueError(expected: what) }
            return value
        }
    }

    /// A credential clients send in a header: at least 16 visible characters, when set.
    static func token(_ value: String) throws(SettingValueError) -> String {
        guard value.isEmpty || (value.utf8.count >= 16 && value.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }) else {
            throw SettingValueError(expected: "a token of at least 16 visible characters")
        }
        return value
    }

    static func host(_ value: String) throws(SettingValueError) -> String {
        guard !value.isEmpty, !value.contains(" "), !value.contains("/") else {
            throw SettingValueError(expected: "a host name or an IP address")
        }
        return value
    }

    static func integer(in range: ClosedRange<Int>, _ expected: String)
        -> @Sendable (String) throws(SettingValueError) -> Int
    {
        { value throws(SettingValueError) in
            guard let number = Int(value), range.contains(number) else { throw SettingValueError(expected: expected) }
            return number
        }
    }

    /// 0 (keep everything) or at least 7 days: WhatsApp redelivers a webhook for up to 7
    /// days, and a message forgotten sooner would be answered twice.
    static func retentionDays(_ value: String) throws(SettingValueError) -> Int {
        guard let days = Int(value), days == 0 || (7...3650).contains(days) else {
            throw SettingValueError(expected: "a number of days from 7 to 3650, or 0 to keep everything")
        }
        return days
    }

    static func boolean(_ value: String) throws(SettingValueError) -> Bool {
        switch value.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off", "": return false
        default: throw SettingValueError(expected: "true or false")
        }
    }

    static func seconds(_ value: String) throws(SettingValueError) -> Duration {
        guard let seconds = Double(value), seconds > 0, seconds <= 86_400 else {
            throw SettingValueError(expected: "a number of seconds (e.g. 30 or 0.5)")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// A short wait in seconds, up to 30; 0 means none.
    static func shortWait(_ value: String) throws(SettingValueError) -> Duration {
        guard let seconds = Double(value), seconds >= 0, seconds <= 30 else {
            throw SettingValueError(expected: "a number of seconds from 0 to 30 (e.g. 2 or 0.5)")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    static func choice<T: RawRepresentable & CaseIterable & SendableMetatype>(_ type: T.Type)
        -> @Sendable (String) throws(SettingValueError) -> T
    where T.RawValue == String {
        { value throws(SettingValueError) in
            guard let choice = T(rawValue: value.lowercased()) else {
                throw SettingValueError(expected: "one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return choice
        }
    }

    static func optionalURL(_ value: String) throws(SettingValueError) -> String {
        value.isEmpty ? "" : try url(value)
    }

    static func minutes(_ value: String) throws(SettingValueError) -> Duration {
        guard let minutes = Double(value), minutes > 0, minutes <= 24 * 60 else {
            throw SettingValueError(expected: "a number of minutes (e.g. 30)")
        }
        return .seconds(minutes * 60)
    }

    static func hours(_ value: String) throws(SettingValueError) -> Duration {
        guard let hours = Double(value), hours > 0, hours <= 24 * 30 else {
            throw SettingValueError(expected: "a number of hours (e.g. 12)")
        }
        return .seconds(hours * 3600)
    }

    static func otpTemplate(_ value: String) throws(SettingValueError) -> String {
        guard value.contains("{otp}") else { throw SettingValueError(expected: "a text containing {otp}") }
        return value
    }

    /// The clients build their requests from these with `URL(string:)`: what it cannot read
    /// (a port that is not a number, no host) is refused here rather than at the first call.
    static func url(_ value: String) throws(SettingValueError) -> String {
        guard value.hasPrefix("http://") || value.hasPrefix("https://"), value.count > 8, !value.contains(" "),
            let parsed = URL(string: value), let host = parsed.host, !host.isEmpty
        else {
            throw SettingValueError(expected: "an http:// or https:// URL")
        }
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    static func logLevel(_ value: String) throws(SettingValueError) -> LogLevel {
        guard let level = LogLevel(name: value) else {
            throw SettingValueError(expected: "one of debug, info, warning, error")
        }
        return level
    }

    static func logFormat(_ value: String) throws(SettingValueError) -> LogFormat {
        guard let format = LogFormat(rawValue: value.lowercased()) else {
            throw SettingValueError(expected: "text or json")
        }
        return format
    }

    static func synchronous(_ value: String) throws(SettingValueError) -> DatabaseSynchronous {
        guard let mode = DatabaseSynchronous(rawValue: value.lowercased()) else {
            throw SettingValueError(expected: "full or normal")
        }
        return mode
    }

    static func databaseURL(_ value: String) throws(SettingValueError) -> DatabaseLocation {
        guard let location = DatabaseLocation(parsing: value) else {
            throw SettingValueError(expected: DatabaseLocation.expected)
        }
        return location
    }

    /// Known photo kinds, comma-separated, each once, at least one, in the order they are asked.
    static func documentPhotos(_ value: String) throws(SettingValueError) -> [Document.Kind] {
        let allowed = Document.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        let expected = SettingValueError(
            expected: "one or more of \(allowed), comma-separated, each at most once")
        var kinds: [Document.Kind] = []
        for name in value.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = name.trimming(" ").lowercased()
            guard let kind = Document.Kind(rawValue: trimmed), !kinds.contains(kind) else { throw expected }
            kinds.append(kind)
        }
        guard !kinds.isEmpty else { throw expected }
        return kinds
    }

    /// A WhatsApp template name as WhatsApp Manager allows it: lowercase letters, digits and
    /// underscores (empty: none).
    static func templateName(_ value: String) throws(SettingValueError) -> String {
        guard value.utf8.count <= 512,
            value.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || ($0 &- 0x61 < 26) || ($0 &- 0x30 < 10) })
        else { throw SettingValueError(expected: "a template name (lowercase letters, digits and _)") }
        return value
    }

    /// A template language code: `en`, `en_US`, `pt_BR`…
    static func templateLanguage(_ value: String) throws(SettingValueError) -> String {
        let parts = value.split(separator: "_", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
            parts.allSatisfy({ (2...3).contains($0.count) && $0.allSatisfy(\.isLetter) })
        else { throw SettingValueError(expected: "a language code such as en or en_US") }
        return value
    }
}
