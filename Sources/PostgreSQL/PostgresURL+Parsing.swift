import CPostgres

/// The parser behind `PostgresURL.init`: RFC 3986's shape as libpq reads it
/// (`scheme://[userinfo@][host][:port][,host[:port]…][/dbname][?key=value&…]`).
/// Its messages quote only parameter names, never the authority: a password with an unencoded
/// '/' or '?' ends the authority early and would otherwise show up as a "host" or a "port".
enum URLParser {
    typealias ParseError = PostgresURL.ParseError
    typealias Parameter = PostgresURL.Parameter

    static let schemes = ["postgresql", "postgres"]
    /// The parts of the authority and path; the same keyword as a query parameter too is refused.
    static let authorityKeywords: Set<String> = ["user", "password", "host", "port", "dbname"]
    static let sslModes: Set<String> = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]
    static let integerKeywords: Set<String> = [
        "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
        "tcp_user_timeout",
    ]

    /// Every keyword this libpq accepts, from `PQconndefaults`, so that a newer libpq's
    /// parameters pass through without a change here.
    static let knownKeywords: Set<String> = {
        var keywords: Set<String> = []
        guard let options = PQconndefaults() else { return keywords }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            keywords.insert(String(cString: keyword))
            option += 1
        }
        return keywords
    }()

    static func parse(_ string: String) throws(ParseError) -> PostgresURL {
        guard let separator = string.firstRange(of: "://") else {
            throw ParseError(message: "expected postgresql://user:password@host:port/database")
        }
        let scheme = String(string[..<separator.lowerBound])
        guard schemes.contains(scheme.lowercased()) else {
            throw ParseError(message: "the scheme must be postgresql:// or postgres://, not \(scheme)://")
        }
        let rest = string[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var afterAuthority = rest[authorityEnd...]

        var user: String?
        var password: String?
        var hostList = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostList = authority[authority.index(after: at)...]
            let colon = userInfo.firstIndex(of: ":")
            let userPart = userInfo[..<(colon ?? userInfo.endIndex)]
            guard let decodedUser = decode(userPart) else {
                throw ParseError(message: "the user name has an invalid percent-encoding")
            }
            user = decodedUser.isEmpty ? nil : decodedUser
            if let colon {
                guard let decodedPassword = decode(userInfo[userInfo.index(after: colon)...]) else {
                    throw ParseError(message: "the password has an invalid percent-encoding")
                }
                password = decodedPassword
            }
        }
        let hosts = try parseHosts(hostList)

        var database: String?
        if afterAuthority.first == "/" {
            afterAuthority = afterAuthority.dropFirst()
            let pathEnd = afterAuthority.firstIndex(of: "?") ?? afterAuthority.endIndex
            let path = afterAuthority[..<pathEnd]
            afterAuthority = afterAuthority[pathEnd...]
            guard !path.contains("/") else {
                throw ParseError(message: "the database name must not contain '/' (write it as %2F)")
            }
            guard let name = decode(path) else {
                throw ParseError(message: "the database name has an invalid percent-encoding")
            }
            database = name.isEmpty ? nil : name
        }

        var query: [Parameter] = []
        if afterAuthority.first == "?" {
            query = try parseQuery(afterAuthority.dropFirst())
        }
        var given: Set<String> = []
        if user != nil { given.insert("user") }
        if password != nil { given.insert("password") }
        if hosts.contains(where: { !$0.name.isEmpty }) { given.insert("host") }
        if hosts.contains(where: { $0.port != nil }) { given.insert("port") }
        if database != nil { given.insert("dbname") }
        if let clash = query.first(where: { given.contains($0.keyword) }) {
            throw ParseError(message: "\(clash.keyword) is given both in the URL and as ?\(clash.keyword)=")
        }
        return PostgresURL(
            scheme: scheme, user: user, password: password, hosts: hosts, database: database, query: query)
    }

    /// `host[:port]`, `[v6]:port`, or a comma-separated list of them; empty means libpq's default.
    static func parseHosts(_ list: Substring) throws(ParseError) -> [PostgresURL.Host] {
        if list.isEmpty { return [] }
        var hosts: [PostgresURL.Host] = []
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            var name: Substring
            var portText: Substring?
            if item.first == "[" {
                guard let close = item.firstIndex(of: "]") else {
                    throw ParseError(message: "an IPv6 address in brackets has no closing ']'")
                }
                name = item[item.index(after: item.startIndex)..<close]
                let after = item[item.index(after: close)...]
                if !after.isEmpty {
                    guard after.first == ":" else { throw ParseError(message: "unexpected text after ']'") }
                    portText = after.dropFirst()
                }

            } else {
                let parts = item.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count <= 2 else {
                    throw ParseError(
                        message: "a host has more than one ':' (write IPv6 addresses in brackets, and"
                            + " percent-encode ':', '/', '?' and '@' in a password)")
                }
                name = parts[0]
                portText = parts.count == 2 ? parts[1] : nil
            }
            guard let decoded = decode(name) else {
                throw ParseError(message: "a host name has an invalid percent-encoding")
            }
            if item.first == "[" {
                // An address, then maybe a zone ("fe80::1%eth0", the '%' written %25).
                let parts = decoded.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)
                guard !parts[0].isEmpty, parts[0].allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }),
                    parts.count == 1 || parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
                else {
                    throw ParseError(message: "a host in brackets is not an IPv6 address")
                }
            } else if !decoded.hasPrefix("/") {
                guard decoded.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
                    throw ParseError(
                        message: "a host name has characters no host name has (percent-encode ':', '/', '?' and"
                            + " '@' in a password)")
                }
            }
            var port: Int?
            if let portText {
                guard let number = Int(portText), (1...65535).contains(number), portText.allSatisfy(\.isASCII) else {
                    throw ParseError(
                        message: "the port is not a number from 1 to 65535 (percent-encode ':', '/', '?' and"
                            + " '@' in a password)")
                }
                port = number
            }
            hosts.append(PostgresURL.Host(decoded, port: port))
        }
        return hosts
    }

    /// `key=value&…`, both percent-decoded; `ssl=true` means `sslmode=require`, as in libpq.
    static func parseQuery(_ query: Substring) throws(ParseError) -> [Parameter] {
        var parameters: [Parameter] = []
        for item in query.split(separator: "&") {
            guard let equals = item.firstIndex(of: "=") else {
                throw ParseError(message: "a query parameter has no '=value'")
            }
            guard let key = decode(item[..<equals]), var value = decode(item[item.index(after: equals)...]) else {
                throw ParseError(message: "a query parameter has an invalid percent-encoding")
            }
            var keyword = key
            if key == "ssl" {
                guard value == "true" else { throw ParseError(message: "ssl must be true (or use sslmode=…)") }
                (keyword, value) = ("sslmode", "require")
            }
            try checkParameter(keyword, value)
            guard !parameters.contains(where: { $0.keyword == keyword }) else {
                throw ParseError(message: "query parameter \(keyword) is given twice")
            }
            parameters.append(Parameter(keyword: keyword, value: value))
        }
        return parameters
    }

    /// Refuses keywords libpq does not know and the values it would refuse only at connect time.
    static func checkParameter(_ keyword: String, _ value: String) throws(ParseError) {
        guard knownKeywords.contains(keyword) else {
            throw ParseError(message: "unknown connection parameter \(keyword)")
        }
        if keyword == "sslmode" && !sslModes.contains(value) {
            throw ParseError(message: "sslmode must be one of \(sslModes.sorted().joined(separator: ", "))")
        }
        if integerKeywords.contains(keyword) && (value.isEmpty || !value.allSatisfy { $0.isASCII && $0.isNumber }) {
            throw ParseError(message: "\(keyword) must be a whole number")
        }
    }

    /// Percent-decodes `text` into UTF-8; nil for a malformed escape, invalid UTF-8, or a NUL
    /// (libpq takes C strings). `+` stays `+`: libpq does not read it as a space.
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        guard !bytes.contains(0) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
