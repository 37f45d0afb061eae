import PostgreSQL
import Testing

/// `PostgresURL`: the forms `DATABASE_URL` takes, the ones refused, and the password never printed.
@Suite struct URLTests {
    @Test func fullURL() throws {
        let url = try PostgresURL("postgresql://fastag:s3cret@db.example.com:6543/fastag_db?sslmode=require")
        #expect(url.scheme == "postgresql")
        #expect(url.user == "fastag")
        #expect(url.hosts == [PostgresURL.Host("db.example.com", port: 6543)])
        #expect(url.database == "fastag_db")
        #expect(url.hasPassword)
        #expect(url.value(for: "password") == "s3cret")
        #expect(url.value(for: "host") == "db.example.com")
        #expect(url.value(for: "port") == "6543")
        #expect(url.value(for: "dbname") == "fastag_db")
        #expect(url.value(for: "sslmode") == "require")
        #expect(url.value(for: "connect_timeout") == nil)
    }

    @Test func shortSchemeAndDefaults() throws {
        let url = try PostgresURL("postgres://localhost")
        #expect(url.scheme == "postgres")
        #expect(url.user == nil)
        #expect(!url.hasPassword)
        #expect(url.hosts == [PostgresURL.Host("localhost")])
        #expect(url.database == nil)
        #expect(url.value(for: "port") == nil)
        #expect(try PostgresURL("POSTGRESQL://h/db").database == "db")
        #expect(try PostgresURL("postgresql://").hosts.isEmpty)
        #expect(try PostgresURL("postgresql:///fastag").database == "fastag")
    }

    /// Reserved characters in the user and password arrive percent-encoded; `+` is not a space.
    @Test func percentDecodedUserInformation() throws {
        let url = try PostgresURL("postgresql://us%40er:p%40ss%3Aw%2Frd%3F%25+x@host/d%C3%A9mo")
        #expect(url.user == "us@er")
        #expect(url.value(for: "password") == "p@ss:w/rd?%+x")
        #expect(url.database == "démo")
        // An '@' left unencoded in the password still works: the last '@' ends the user information.
        #expect(try PostgresURL("postgresql://u:p@ss@host/db").value(for: "password") == "p@ss")
        #expect(try PostgresURL("postgresql://:onlypassword@host").user == nil)
        #expect(try PostgresURL("postgresql://:onlypassword@host").value(for: "password") == "onlypassword")
        #expect(try PostgresURL("postgresql://u:@host").value(for: "password") == "")
    }

    @Test func ipv6Hosts() throws {
        let url = try PostgresURL("postgresql://u@[::1]:5433/db")
        #expect(url.hosts == [PostgresURL.Host("::1", port: 5433)])
        #expect(url.value(for: "host") == "::1")
        #expect(try PostgresURL("postgresql://[2001:db8::7]/db").hosts == [PostgresURL.Host("2001:db8::7")])
        #expect(try PostgresURL("postgresql://[fe80::1%25eth0]/db").hosts == [PostgresURL.Host("fe80::1%eth0")])
    }

    @Test func severalHosts() throws {
        let url = try PostgresURL("postgresql://u@one:5432,two,[::1]:5434/db?target_session_attrs=read-write")
        #expect(url.hosts.count == 3)
        #expect(url.value(for: "host") == "one,two,::1")
        #expect(url.value(for: "port") == "5432,,5434")
        #expect(url.value(for: "target_session_attrs") == "read-write")
    }

    /// A Unix socket directory, given as `?host=` (or percent-encoded in the authority).
    @Test func socketDirectory() throws {
        let url = try PostgresURL("postgresql:///fastag?host=/var/run/postgresql&port=5433")
        #expect(url.hosts.isEmpty)
        #expect(url.value(for: "host") == "/var/run/postgresql")
        #expect(url.value(for: "port") == "5433")
        #expect(url.database == "fastag")
        let encoded = try PostgresURL("postgresql://%2Fvar%2Frun%2Fpostgresql/fastag")
        #expect(encoded.value(for: "host") == "/var/run/postgresql")
        #expect(try PostgresURL("postgresql://u@?host=%2Ftmp%2Fpg").value(for: "host") == "/tmp/pg")
    }

    @Test func queryParametersPassThrough() throws {
        let url = try PostgresURL(
            "postgresql://h/db?sslmode=verify-full&connect_timeout=5&application_name=fastag%20bot"
                + "&options=-c%20search_path%3Dtenant&keepalives_idle=30&sslrootcert=/etc/ca.pem")
        #expect(url.value(for: "sslmode") == "verify-full")
        #expect(url.value(for: "connect_timeout") == "5")
        #expect(url.value(for: "application_name") == "fastag bot")
        #expect(url.value(for: "options") == "-c search_path=tenant")
        #expect(url.value(for: "keepalives_idle") == "30")
        #expect(url.value(for: "sslrootcert") == "/etc/ca.pem")
        #expect(try PostgresURL("postgresql://h/db?ssl=true").value(for: "sslmode") == "require")
    }

    @Test func settingAParameter() throws {
        let url = try PostgresURL("postgresql://u:pw@h:5433/db?application_name=a")
        let changed = try url.setting("application_name", to: "b").setting("options", to: "-c search_path=x")
        #expect(changed.value(for: "application_name") == "b")
        #expect(changed.value(for: "options") == "-c search_path=x")
        #expect(changed.value(for: "password") == "pw")
        #expect(try url.setting("dbname", to: "other").database == "other")
        let socket = try url.setting("host", to: "/tmp/sockets")
        #expect(socket.value(for: "host") == "/tmp/sockets")
        #expect(socket.value(for: "port") == "5433")
        #expect(throws: PostgresURL.ParseError.self) { try url.setting("no_such_thing", to: "1") }
        #expect(throws: PostgresURL.ParseError.self) { try url.setting("sslmode", to: "sometimes") }
    }

    @Test(arguments: [
        ("", "expected postgresql://"),
        ("host=localhost dbname=fastag", "expected postgresql://"),
        ("mysql://u:p@h/db", "the scheme must be postgresql:// or postgres://"),
        ("sqlite:///data/bot.db", "the scheme must be"),
        ("postgresql://h:0/db", "the port is not a number"),
        ("postgresql://h:65536/db", "the port is not a number"),
        ("postgresql://h:54x2/db", "the port is not a number"),
        ("postgresql://h:/db", "the port is not a number"),
        ("postgresql://::1/db", "more than one ':'"),
        ("postgresql://[::1/db", "no closing ']'"),
        ("postgresql://[::1]x/db", "unexpected text after ']'"),
        ("postgresql://[zz::1]/db", "not an IPv6 address"),
        ("postgresql://ho st/db", "characters no host name has"),
        ("postgresql://h/a/b", "must not contain '/'"),
        ("postgresql://h/d%zz", "invalid percent-encoding"),
        ("postgresql://h/db%00", "invalid percent-encoding"),
        ("postgresql://h/db?sslmode=sometimes", "sslmode must be one of"),
        ("postgresql://h/db?connect_timeout=ten", "connect_timeout must be a whole number"),
        ("postgresql://h/db?no_such_parameter=1", "unknown connection parameter no_such_parameter"),
        ("postgresql://h/db?sslmode", "has no '=value'"),
        ("postgresql://h/db?sslmode=require&sslmode=disable", "given twice"),
        ("postgresql://u@h/db?user=other", "user is given both in the URL and as ?user="),
        ("postgresql://h:5432/db?port=5433", "port is given both"),
        ("postgresql://h/db?dbname=other", "dbname is given both"),
        ("postgresql://h/db?ssl=false", "ssl must be true"),
    ])
    func refused(_ text: String, _ reason: String) {
        let error = #expect(throws: PostgresURL.ParseError.self) { try PostgresURL(text) }
        #expect(error?.message.contains(reason) == true, "\(String(describing: error)) lacks \(reason)")
    }

    /// The password shows in no printed form of the URL, nor in a parse error.
    @Test func passwordIsNeverPrinted() throws {
        let secret = "Hunter2-very-secret"
        let url = try PostgresURL(
            "postgresql://fastag:\(secret)@db:5432/fastag_db?sslmode=require&sslpassword=\(secret)")
        for printed in [
            url.description, url.redacted, url.debugDescription, "\(url)", String(describing: url),
            String(reflecting: url), "\([url])", dumped(url),
        ] {
            #expect(!printed.contains(secret), "\(printed)")
            #expect(!printed.contains("Hunter2"), "\(printed)")
        }
        #expect(url.redacted == "postgresql://fastag:***@db:5432/fastag_db?sslmode=require&sslpassword=***")
        let viaQuery = try PostgresURL("postgres://h/db?password=\(secret)")
        #expect(viaQuery.hasPassword)
        #expect(viaQuery.redacted == "postgres://h/db?password=***")
        #expect(!String(reflecting: viaQuery).contains(secret))

        // A password with an unencoded '/' or '?' cuts the authority short; the error must not
        // echo what it then took for a host or a port.
        for text in [
            "postgresql://u:\(secret)/x@h/db", "postgresql://u:ab?\(secret)@h/db", "postgresql://u:p w/x@h/db",
        ] {
            let error = #expect(throws: PostgresURL.ParseError.self) { try PostgresURL(text) }
            #expect(error.map { !"\($0)".contains(secret) && !"\($0)".contains("p w") } == true)
        }
    }

    @Test func redactedFormParsesBackToTheSameURL() throws {
        let url = try PostgresURL("postgresql://us%40er@[::1]:5433,other/d%C3%A9mo?application_name=a%26b")
            .setting("options", to: "-c search_path=s")
        let again = try PostgresURL(url.redacted)
        for keyword in ["user", "host", "port", "dbname", "application_name", "options"] {
            #expect(again.value(for: keyword) == url.value(for: keyword), "\(keyword)")
        }
    }

    private func dumped(_ url: PostgresURL) -> String {
        var text = ""
        dump(url, to: &text)
        return text
    }
}
