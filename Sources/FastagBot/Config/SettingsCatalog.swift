/// One setting: its name, default, what it is for, and how its text becomes a value.
public struct SettingSpec: Sendable {
    public let key: String
    /// The default as it would be written in a `.env` file; empty means "unset".
    public let defaultValue: String
    public let summary: String
    /// Secrets are never printed (not by `check-config`, not in logs).
    public let isSecret: Bool
    let apply: @Sendable (inout Settings, String) throws(SettingValueError) -> Void

    init<Value>(
        _ key: String, _ defaultValue: String, _ summary: String, secret: Bool = false,
        _ parse: @escaping @Sendable (String) throws(SettingValueError) -> Value,
        into path: any WritableKeyPath<Settings, Value> & Sendable
    ) {
        self.key = key
        self.defaultValue = defaultValue
        self.summary = summary
        self.isSecret = secret
        self.apply = { settings, text throws(SettingValueError) in settings[keyPath: path] = try parse(text) }
    }
}

/// Why a value was refused, in words that name what was expected.
public struct SettingValueError: Error, Equatable {
    public let expected: String
}

extension Settings {
    /// Every setting the product reads, in the order `config.example.env` lists them.
    public static let catalog: [SettingSpec] = [
        SettingSpec(
            "HOST", "127.0.0.1", "Address to listen on; 0.0.0.0 for all IPv4, :: for IPv6 and IPv4.",
            ValueParser.host, into: \.host),
        SettingSpec(
            "PORT", "8000", "TCP port to listen on (0 picks a free one).",
            ValueParser.integer(in: 0...65535, "a port number (0-65535)"), into: \.port),
        SettingSpec("LOG_LEVEL", "info", "debug, info, warning or error.", ValueParser.logLevel, into: \.logLevel),
        SettingSpec(
            "LOG_FORMAT", "text", "text (readable lines) or json (JSON lines).", ValueParser.logFormat,
            into: \.logFormat),
        SettingSpec(
            "DEBUG", "false", "true logs at debug level unless LOG_LEVEL says otherwise.", ValueParser.boolean,
            into: \.debug),
        SettingSpec(
            "DATABASE_URL", "sqlite:///./fastag_bot.db",
            "SQLite file: sqlite:///relative.db, sqlite:////absolute/path.db or a plain path.",
            ValueParser.databaseURL, into: \.databasePath),
        SettingSpec(
            "DATABASE_SYNCHRONOUS", "full",
            "full: every commit is on disk before it is acknowledged; normal: faster, may lose the last commits on power loss.",
            ValueParser.synchronous, into: \.databaseSynchronous),
        SettingSpec(
            "DATA_DIR", "./data", "Directory for document images and other files.", ValueParser.nonEmpty("a directory"),
            into: \.dataDirectory),
        SettingSpec(
            "SECRET_KEY", "", "Key for hashing one-time passwords; random per start when unset.", secret: true,
            ValueParser.any, into: \.secretKey),
        SettingSpec(
            "ADMIN_TOKEN", "",
            "Bearer token for the operators' REST API; a random one is made and printed at start when unset.",
            secret: true, ValueParser.token, into: \.adminToken),
        SettingSpec(
            "SHAURYAPAY_API_KEY", "", "Shauryapay subscription key; sent only when set.", secret: true, ValueParser.any,
            into: \.shauryapayAPIKey),
        SettingSpec(
            "WHATSAPP_API_URL", "https://graph.facebook.com/v21.0", "Graph API base URL for WhatsApp Cloud API calls.",
            ValueParser.url, into: \.whatsappAPIURL),
        SettingSpec(
            "WHATSAPP_ACCESS_TOKEN", "", "Bearer token for the Graph API.", secret: true, ValueParser.any,
            into: \.whatsappAccessToken),
        SettingSpec(
            "WHATSAPP_PHONE_NUMBER_ID", "", "The business phone number id replies are sent from.", ValueParser.any,
            into: \.whatsappPhoneNumberID),
        SettingSpec(
            "MAX_BODY_BYTES", "10485760", "Largest request body accepted (413 beyond).",
            ValueParser.integer(in: 1024...(1 << 30), "a byte count of at least 1024"), into: \.maxBodyBytes),
        SettingSpec(
            "MAX_CONNECTIONS", "16384", "Open connections beyond this wait in the listen queue.",
            ValueParser.integer(in: 1...1_000_000, "a number of connections"), into: \.maxConnections),
        SettingSpec(
            "HEADER_TIMEOUT", "10", "Seconds a client may take to send a request head (408 after).",
            ValueParser.seconds, into: \.headerTimeout),
        SettingSpec(
            "BODY_TIMEOUT", "30", "Seconds of silence allowed while a body is uploaded (408 after).",
            ValueParser.seconds, into: \.bodyTimeout),
        SettingSpec(
            "IDLE_TIMEOUT", "75", "Seconds an idle keep-alive connection stays open.", ValueParser.seconds,
            into: \.idleTimeout),
        SettingSpec(
            "SHUTDOWN_GRACE", "10", "Seconds in-flight requests get to finish on SIGTERM or SIGINT.",
            ValueParser.seconds, into: \.shutdownGracePeriod),
    ]

    public static func spec(for key: String) -> SettingSpec? {
        catalog.first { $0.key == key }
    }
}
