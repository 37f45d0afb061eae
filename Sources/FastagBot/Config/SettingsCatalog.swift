/// One setting: its name, default, what it is for, and how its text becomes a value.
package struct SettingSpec: Sendable {
    package let key: String
    /// The default as it would be written in a `.env` file; empty means "unset".
    package let defaultValue: String
    let summary: String
    /// Secrets are never printed (not by `check-config`, not in logs).
    package let isSecret: Bool
    /// The value as `check-config` and error messages may show it (a URL without its password).
    package let shown: @Sendable (String) -> String
    let apply: @Sendable (inout Settings, String) throws(SettingValueError) -> Void

    init<Value>(
        _ key: String, _ defaultValue: String, _ summary: String, secret: Bool = false,
        shown: @escaping @Sendable (String) -> String = { $0 },
        _ parse: @escaping @Sendable (String) throws(SettingValueError) -> Value,
        into path: any WritableKeyPath<Settings, Value> & Sendable
    ) {
        self.key = key
        self.defaultValue = defaultValue
        self.summary = summary
        self.isSecret = secret
        if secret {
            self.shown = { _ in "(hidden)" }
        } else {
            self.shown = shown
        }
        self.apply = { settings, text throws(SettingValueError) in settings[keyPath: path] = try parse(text) }
    }
}

/// Why a value was refused, in words that name what was expected.
struct SettingValueError: Error, Equatable {
    let expected: String
}

extension Settings {
    /// Every setting the product reads, in the order `config.example.env` lists them.
    package static let catalog: [SettingSpec] = [
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
            "SQLite file (sqlite:///relative.db, sqlite:////absolute/path.db or a plain path), or PostgreSQL for several replicas: postgresql://user:password@host:5432/database?sslmode=require",
            shown: DatabaseLocation.redacting, ValueParser.databaseURL, into: \.database),
        SettingSpec(
            "DATABASE_SYNCHRONOUS", "full",
            "full: every commit is on disk before it is acknowledged; normal: faster, may lose the last commits on power loss.",
            ValueParser.synchronous, into: \.databaseSynchronous),
        SettingSpec(
            "DATABASE_POOL_SIZE", "8",
            "PostgreSQL only: connections each replica keeps for its work (3 more for leases and signals); replicas × (this + 3) must stay under the server's max_connections.",
            ValueParser.integer(in: 1...200, "a whole number from 1 to 200"), into: \.databasePoolSize),
        SettingSpec(
            "DATA_DIR", "./data", "Directory for document images and other files.", ValueParser.nonEmpty("a directory"),
            into: \.dataDirectory),
        SettingSpec(
            "RETENTION_DAYS", "30",
            "Days answered chat messages, sent replies, finished sessions' photos and customer details are kept (0: forever).",
            ValueParser.retentionDays, into: \.retentionDays),
        SettingSpec(
            "SECRET_KEY", "",
            "Key for hashing one-time passwords; random per start when unset (required with PostgreSQL: the same on every replica).",
            secret: true,
            ValueParser.any, into: \.secretKey),
        SettingSpec(
            "ADMIN_TOKEN", "",
            "Bearer token for the operators' REST API; a random one is made and printed at start when unset (required with PostgreSQL).",
            secret: true, ValueParser.token, into: \.adminToken),
        SettingSpec(
            "STEP_API_TOKEN", "",
            "Token Interakt workflows send to the step API (Bearer or X-API-Key); random and printed at start when unset (required with PostgreSQL).",
            secret: true, ValueParser.token, into: \.stepAPIToken),
        SettingSpec(
            "SHAURYAPAY_MODE", "sandbox",
            "sandbox (in-process provider, the default) or live (the real Shauryapay API).",
            ValueParser.choice(ShauryapayMode.self), into: \.shauryapayMode),
        SettingSpec(
            "SHAURYAPAY_BASE_URL", "", "Shauryapay API base, e.g. https://shauryapay.com/ (required in live mode).",
            ValueParser.optionalURL, into: \.shauryapayBaseURL),
        SettingSpec(
            "SHAURYAPAY_API_KEY", "", "Sent as ocp-apim-subscription-key when set.", secret: true, ValueParser.any,
            into: \.shauryapayAPIKey),
        SettingSpec(
            "SHAURYAPAY_CHANNEL", "", "Sent as aggr_channel when set.", ValueParser.any, into: \.shauryapayChannel),
        SettingSpec(
            "SHAURYAPAY_TIMEOUT", "3", "Seconds each Shauryapay call may take (a step answers within 8).",
            ValueParser.seconds, into: \.shauryapayTimeout),
        SettingSpec(
            "SMS_URL", "http://bhashsms.com/api/sendmsg.php", "bhashsms endpoint for agent login OTPs (live mode).",
            ValueParser.url, into: \.smsURL),
        SettingSpec("SMS_USER", "", "bhashsms user.", ValueParser.any, into: \.smsUser),
        SettingSpec("SMS_PASSWORD", "", "bhashsms password.", secret: true, ValueParser.any, into: \.smsPassword),
        SettingSpec("SMS_SENDER", "", "The 6-character DLT sender id.", ValueParser.any, into: \.smsSender),
        SettingSpec(
            "SMS_TEMPLATE", "Your ShauryaPay FASTag agent login OTP is {otp}. Do not share it with anyone.",
            "The DLT-registered SMS text; {otp} is replaced by the code.", ValueParser.otpTemplate, into: \.smsTemplate),
        SettingSpec(
            "AGENT_LOGIN", "otp", "Chat login: otp (mobile, then an SMS OTP) or whatsapp (trust the sender's number).",
            ValueParser.choice(AgentLogin.self), into: \.agentLogin),
        SettingSpec(
            "SESSION_IDLE_MINUTES", "30", "Minutes of silence after which a conversation restarts at the menu.",
            ValueParser.minutes, into: \.sessionIdleTimeout),
        SettingSpec("LOGIN_HOURS", "12", "Hours a login lasts.", ValueParser.hours, into: \.loginLifetime),
        SettingSpec(
            "CONSOLE_SESSION_HOURS", "12", "Hours a sign-in to the operators' console (/console) lasts.",
            ValueParser.hours, into: \.consoleSessionLifetime),
        SettingSpec(
            "AGENT_OTP_MAX_SENDS", "3",
            "Login OTPs sent to one mobile number within AGENT_OTP_SEND_WINDOW_MINUTES, whatever the session or channel.",
            ValueParser.integer(in: 1...100, "a number of OTPs"), into: \.agentOTPMaxSends),
        SettingSpec(
            "AGENT_OTP_SEND_WINDOW_MINUTES", "10", "The sliding window of AGENT_OTP_MAX_SENDS, in minutes.",
            ValueParser.minutes, into: \.agentOTPSendWindow),
        SettingSpec(
            "AGENT_OTP_MAX_WRONG", "5",
            "Wrong login OTPs (counted per mobile number, across sessions) that lock the number's login.",
            ValueParser.integer(in: 1...100, "a number of tries"), into: \.agentOTPMaxWrong),
        SettingSpec(
            "AGENT_LOGIN_LOCK_MINUTES", "15", "Minutes a mobile number's login stays locked after too many wrong OTPs.",
            ValueParser.minutes, into: \.agentLoginLock),
        SettingSpec(
            "CUSTOMER_OTP_MAX_WRONG", "5",
            "Wrong customer OTPs (per customer mobile and vehicle) after which only Resend brings a code that is checked.",
            ValueParser.integer(in: 1...100, "a number of tries"), into: \.customerOTPMaxWrong),
        SettingSpec(
            "HELP_LINK", "https://shauryapay.com", "Shown in the success message (\"Need help? Visit …\").",
            ValueParser.url,
            into: \.helpLink),
        SettingSpec(
            "DOCUMENT_PHOTOS", "rc_front,rc_back,vehicle_front,vehicle_side,tag_fixed",
            "The document photos an assignment asks for, in order, comma-separated: some of rc_front, rc_back, vehicle_front, vehicle_side and tag_fixed (since NPCI's KYV rule of October 2025 an issuer may not need vehicle_side).",
            ValueParser.documentPhotos, into: \.documentPhotos),
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
            "WHATSAPP_VERIFY_TOKEN", "",
            "The token typed in Meta's dashboard for the webhook handshake (GET /webhook).",
            secret: true, ValueParser.any, into: \.whatsappVerifyToken),
        SettingSpec(
            "WHATSAPP_APP_SECRET", "", "App secret that signs WhatsApp webhooks (X-Hub-Signature-256).", secret: true,
            ValueParser.any, into: \.whatsappAppSecret),
        SettingSpec(
            "WHATSAPP_SEND_RATE", "80",
            "Messages a second each replica sends from the business number (Meta's default throughput is 80; with several replicas, divide).",
            ValueParser.integer(in: 1...1000, "a number of messages a second (1-1000)"), into: \.whatsappSendRate),
        SettingSpec(
            "WHATSAPP_TEMPLATE_NAME", "",
            "Approved template (no parameters) sent once to a chat whose 24-hour window closed with replies waiting; they go when the agent writes. Unset: those replies are given up. Used on Interakt too.",
            ValueParser.templateName, into: \.whatsappTemplateName),
        SettingSpec(
            "WHATSAPP_TEMPLATE_LANGUAGE", "en", "Language code of WHATSAPP_TEMPLATE_NAME (en, en_US, hi…).",
            ValueParser.templateLanguage, into: \.whatsappTemplateLanguage),
        SettingSpec(
            "INTERAKT_API_URL", "https://api.interakt.ai/v1/public/message/", "Interakt's Send Message API.",
            ValueParser.url, into: \.interaktAPIURL),
        SettingSpec(
            "INTERAKT_API_KEY", "", "Interakt API key (sent as Authorization: Basic <key>).", secret: true,
            ValueParser.any,
            into: \.interaktAPIKey),
        SettingSpec(
            "INTERAKT_WEBHOOK_SECRET", "", "Secret key that signs Interakt webhooks (Interakt-Signature).",
            secret: true,
            ValueParser.any, into: \.interaktWebhookSecret),
        SettingSpec(
            "INTERAKT_SEND_RATE_PER_MINUTE", "300",
            "Send Message API calls a minute each replica makes (the plan's quota; Growth: 300; with several replicas, divide).",
            ValueParser.integer(in: 1...100_000, "a number of calls a minute"), into: \.interaktSendRatePerMinute),
        SettingSpec(
            "CHAT_WORKERS", "0",
            "Chat messages answered at once (0: two per processor); chats waiting for Shauryapay or a photo do not count.",
            ValueParser.integer(in: 0...1024, "a number of chats"), into: \.chatWorkers),
        SettingSpec(
            "CHAT_MAX_ATTEMPTS", "10", "Attempts to deliver a chat reply (or fetch a photo) before giving up.",
            ValueParser.integer(in: 1...100, "a number of attempts"), into: \.chatMaxAttempts),
        SettingSpec(
            "CHAT_ALBUM_WINDOW", "2",
            "Seconds: document photos of one chat received within this of each other are answered once, together (0: no wait).",
            ValueParser.shortWait, into: \.chatAlbumWindow),
        SettingSpec(
            "MAX_BODY_BYTES", "10485760", "Ceiling on any request body, over each route's own limit (413 beyond).",
            ValueParser.integer(in: 1024...(1 << 30), "a byte count of at least 1024"), into: \.maxBodyBytes),
        SettingSpec(
            "MAX_CONNECTIONS", "16384", "Open connections beyond this wait in the listen queue.",
            ValueParser.integer(in: 1...1_000_000, "a number of connections"), into: \.maxConnections),
        SettingSpec(
            "EVENT_LOOPS", "0", "Threads serving HTTP connections; 0 means one per processor.",
            ValueParser.integer(in: 0...256, "a number of threads (0: one per processor)"), into: \.eventLoops),
        SettingSpec(
            "HEADER_TIMEOUT", "10", "Seconds a client may take to send a request head (408 after).",
            ValueParser.seconds, into: \.headerTimeout),
        SettingSpec(
            "BODY_TIMEOUT", "30", "Seconds a whole request body may take from the end of its head (408 after).",
            ValueParser.seconds, into: \.bodyTimeout),
        SettingSpec(
            "IDLE_TIMEOUT", "75", "Seconds an idle keep-alive connection stays open.", ValueParser.seconds,
            into: \.idleTimeout),
        SettingSpec(
            "SHUTDOWN_GRACE", "10", "Seconds in-flight requests get to finish on SIGTERM or SIGINT.",
            ValueParser.seconds, into: \.shutdownGracePeriod),
    ]

    static func spec(for key: String) -> SettingSpec? {
        catalog.first { $0.key == key }
    }
}
