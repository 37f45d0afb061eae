import CPostgres

/// Where and how to connect: a `postgresql://` or `postgres://` URL, parsed into the keyword and
/// value pairs libpq takes (https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING).
///
/// `postgresql://user:password@host:port/database?sslmode=require&connect_timeout=5`: the user and
/// password are percent-decoded; the host may be a name, an IPv4 address, an IPv6 address in
/// brackets, a comma-separated list of them (libpq tries each), or empty with a Unix socket
/// directory in `?host=/var/run/postgresql`; every query parameter must be one libpq knows.
/// Parsing here rather than handing libpq the string lets a bad URL fail at start-up (or in
/// `check-config`) with a message that never repeats the password, and lets the URL print itself
/// with the password withheld.
public struct PostgresURL: Sendable {
    /// A host and its port (nil: libpq's default, 5432). An empty name is libpq's default host
    /// (the Unix socket directory it was built with), unless `?host=` names one.
    public struct Host: Sendable, Equatable {
        public let name: String
        public let port: Int?

        public init(_ name: String, port: Int? = nil) {
            self.name = name
            self.port = port
        }
    }

    /// A URL that could not be used, and why. Its message never contains the password.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { "invalid PostgreSQL URL: \(message)" }
    }

    struct Parameter: Sendable, Equatable {
        let keyword: String
        let value: String
    }

    /// `postgresql` or `postgres`, as written.
    public let scheme: String
    public private(set) var user: String?
    var password: String?
    public private(set) var hosts: [Host]
    public private(set) var database: String?
    /// The query parameters, in order (a `password` among them is kept but never printed).
    private(set) var queryParameters: [Parameter]

    /// Parses `string`.
    ///
    /// - Throws: `ParseError` naming the first problem: another scheme, a malformed host or
    ///   port, a bad percent-encoding, an unknown or repeated parameter, an invalid `sslmode`.
    public init(_ string: String) throws(ParseError) {
        self = try URLParser.parse(string)
    }

    init(scheme: String, user: String?, password: String?, hosts: [Host], database: String?, query: [Parameter]) {
        self.scheme = scheme
        self.user = user
        self.password = password
        self.hosts = hosts
        self.database = database
        self.queryParameters = query
    }

    /// Whether a password is set (in the user information or as `?password=`).
    public var hasPassword: Bool { password != nil || queryParameters.contains { $0.keyword == "password" } }

    /// The value libpq gets for `keyword` (`user`, `password`, `host`, `port`, `dbname`,
    /// `sslmode`, …), or nil when the URL does not set it.
    public func value(for keyword: String) -> String? {
        connectionParameters().last { $0.keyword == keyword }?.value
    }

    /// This URL with libpq parameter `keyword` set to `value` (replacing any value it had):
    /// e.g. `options` = `-c search_path=tenant` or `application_name` = `fastag-bot`.
    ///
    /// - Throws: `ParseError` when libpq does not know `keyword` or the value is invalid for it.
    public func setting(_ keyword: String, to value: String) throws(ParseError) -> PostgresURL {
        try URLParser.checkParameter(keyword, value)
        var url = self
        switch keyword {
        case "user": url.user = value
        case "password": url.password = value
        case "dbname": url.database = value
        case "host", "port":
            url.hosts = []
            url.queryParameters.removeAll { $0.keyword == "host" || $0.keyword == "port" }
            let current = (self.value(for: "host") ?? "", self.value(for: "port") ?? "")
            let host = keyword == "host" ? value : current.0
            let port = keyword == "port" ? value : current.1
            if !host.isEmpty { url.queryParameters.append(Parameter(keyword: "host", value: host)) }
            if !port.isEmpty { url.queryParameters.append(Parameter(keyword: "port", value: port)) }
            return url
        default: break
        }
        url.queryParameters.removeAll { $0.keyword == keyword }
        if !["user", "password", "dbname"].contains(keyword) {
            url.queryParameters.append(Parameter(keyword: keyword, value: value))
        }
        return url
    }

    /// The keyword and value pairs for `PQconnectdbParams`, password included.
    func connectionParameters() -> [Parameter] {
        var parameters: [Parameter] = []
        if let user { parameters.append(Parameter(keyword: "user", value: user)) }
        if let password { parameters.append(Parameter(keyword: "password", value: password)) }
        if !hosts.isEmpty {
            let names = hosts.map(\.name)
            if names.contains(where: { !$0.isEmpty }) {
                parameters.append(Parameter(keyword: "host", value: names.joined(separator: ",")))
            }
            if hosts.contains(where: { $0.port != nil }) {
                let ports = hosts.map { $0.port.map(String.init) ?? "" }
                parameters.append(Parameter(keyword: "port", value: ports.joined(separator: ",")))
            }
        }
        if let database { parameters.append(Parameter(keyword: "dbname", value: database)) }
        return parameters + queryParameters
    }
}
