import HTTPServerKit

/// Every setting of the product, typed. Values come from `SettingsLoader`; the defaults,
/// descriptions and parsing rules live in `Settings.catalog`, the single list that
/// `config.example.env` and the README's table mirror (a test keeps them in step).
package struct Settings: Sendable {
    package var host = ""
    package var port = 0
    package var logLevel = LogLevel.info
    package var logFormat = LogFormat.text
    var debug = false
    /// Where the data lives (`DATABASE_URL`): a SQLite file or a PostgreSQL server.
    package var database = DatabaseLocation.sqlite(path: "")
    /// The SQLite file's path ("" on PostgreSQL); setting it chooses that file.
    package var databasePath: String {
        get {
            if case .sqlite(let path) = database { return path }
            return ""
        }
        set { database = .sqlite(path: newValue) }
    }
    package var databaseSynchronous = DatabaseSynchronous.full
    /// PostgreSQL connections one replica keeps open (`DATABASE_POOL_SIZE`).
    package var databasePoolSize = 8
    /// Where document images and other files are kept.
    package var dataDirectory = ""
    /// Days personal data the bot no longer needs is kept (`Retention`); 0 keeps it.
    package var retentionDays = 0
    package var secretKey = ""
    /// Bearer token of the operators' REST API; generated at start when empty.
    package var adminToken = ""

    package var shauryapayMode = ShauryapayMode.sandbox
    package var shauryapayBaseURL = ""
    var shauryapayAPIKey = ""
    var shauryapayChannel = ""
    package var shauryapayTimeout = Duration.zero
    package var smsURL = ""
    package var smsUser = ""
    package var smsPassword = ""
    package var smsSender = ""
    var smsTemplate = ""
    /// Bearer token (or `X-API-Key`) of the step API; generated at start when empty.
    package var stepAPIToken = ""
    package var agentLogin = AgentLogin.otp
    var sessionIdleTimeout = Duration.zero
    var loginLifetime = Duration.zero
    /// How long a console sign-in lasts (its cookie and its stored session).
    package var consoleSessionLifetime = Duration.zero
    var agentOTPMaxSends = 0
    var agentOTPSendWindow = Duration.zero
    var agentOTPMaxWrong = 0
    var agentLoginLock = Duration.zero
    var customerOTPMaxWrong = 0
    var helpLink = ""
    /// The document photos of an assignment, in the order they are asked for.
    package var documentPhotos = Document.Kind.allCases
    package var whatsappAPIURL = ""
    package var whatsappAccessToken = ""
    package var whatsappPhoneNumberID = ""
    package var whatsappVerifyToken = ""
    package var whatsappAppSecret = ""
    /// Sends a second from the business number (`WHATSAPP_SEND_RATE`), per replica.
    package var whatsappSendRate = 0
    /// The approved template for chats whose 24-hour window closed; empty: none.
    package var whatsappTemplateName = ""
    package var whatsappTemplateLanguage = ""
    package var interaktAPIURL = ""
    package var interaktAPIKey = ""
    package var interaktWebhookSecret = ""
    /// Interakt Send Message API calls a minute (`INTERAKT_SEND_RATE_PER_MINUTE`), per replica.
    package var interaktSendRatePerMinute = 0
    package var chatWorkers = 0
    package var chatMaxAttempts = 0
    /// Photos of one chat received within this of each other, while document photos are
    /// asked for, are one burst with one answer; zero: only those already waiting together.
    package var chatAlbumWindow = Duration.zero

    package var maxBodyBytes = 0
    var maxConnections = 0
    /// Threads serving HTTP connections; 0 means one per processor.
    var eventLoops = 0
    var headerTimeout = Duration.zero
    var bodyTimeout = Duration.zero
    var idleTimeout = Duration.zero
    var shutdownGracePeriod = Duration.zero

    /// Settings with every default applied.
    package static var defaults: Settings {
        var settings = Settings()
        for spec in catalog where !spec.defaultValue.isEmpty {
            try! spec.apply(&settings, spec.defaultValue)
        }
        return settings
    }

    /// The HTTP server configuration these settings describe.
    var serverConfiguration: HTTPServerConfiguration {
        HTTPServerConfiguration(
            host: host,
            port: port,
            limits: HTTPParserLimits(maxBodyBytes: maxBodyBytes),
            maxConnections: maxConnections,
            headerReadTimeout: headerTimeout,
            bodyReadTimeout: bodyTimeout,
            idleTimeout: idleTimeout,
            shutdownGracePeriod: shutdownGracePeriod,
            eventLoops: eventLoops
        )
    }
}

package enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case debug, info, warning, error

    var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warning: "warning"
        case .error: "error"
        }
    }

    init?(name: String) {
        switch name.lowercased() {
        case "debug", "trace": self = .debug
        case "info": self = .info
        case "warning", "warn": self = .warning
        case "error": self = .error
        default: return nil
        }
    }

    package static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Which FASTag provider the bot talks to.
package enum ShauryapayMode: String, Sendable, CaseIterable {
    /// The in-process sandbox (the default: a fresh checkout works offline).
    case sandbox
    /// The real Shauryapay API at `SHAURYAPAY_BASE_URL`.
    case live
}

/// How chat users log in.
package enum AgentLogin: String, Sendable, CaseIterable {
    /// Mobile number, then an OTP by SMS.
    case otp
    /// The sender's WhatsApp number is trusted (CONVERSATION.md section 1).
    case whatsapp
}

extension Settings {
    /// Settings live mode cannot do without; each missing one is a problem that stops the start.
    package var liveModeProblems: [String] {
        guard shauryapayMode == .live else { return [] }
        var problems: [String] = []
        let required: [(String, String)] = [
            ("SHAURYAPAY_BASE_URL", shauryapayBaseURL), ("SMS_USER", smsUser), ("SMS_PASSWORD", smsPassword),
            ("SMS_SENDER", smsSender), ("SECRET_KEY", secretKey), ("ADMIN_TOKEN", adminToken),
            ("STEP_API_TOKEN", stepAPIToken),
        ]
        for (key, value) in required where value.isEmpty {
            problems.append("\(key) must be set when SHAURYAPAY_MODE=live")
        }
        // A chat channel that is half configured would accept messages it cannot answer.
        let whatsapp = [whatsappAccessToken, whatsappPhoneNumberID, whatsappAppSecret, whatsappVerifyToken]
        if whatsapp.contains(where: { !$0.isEmpty }) && whatsapp.contains(where: \.isEmpty) {
            problems.append(
                "the WhatsApp channel needs WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN together"
            )
        }
        if interaktAPIKey.isEmpty != interaktWebhookSecret.isEmpty {
            problems.append("the Interakt channel needs INTERAKT_API_KEY and INTERAKT_WEBHOOK_SECRET together")
        }
        return problems
    }

    /// What several replicas on one PostgreSQL database need to agree on: an OTP one replica
    /// sent is checked by another (SECRET_KEY keys its hash), and an operator's or Interakt's
    /// token works on every replica. Left unset, each process would make up its own.
    package var replicaProblems: [String] {
        guard database.isPostgres else { return [] }
        return [("SECRET_KEY", secretKey), ("ADMIN_TOKEN", adminToken), ("STEP_API_TOKEN", stepAPIToken)]
            .filter { $0.1.isEmpty }
            .map { "\($0.0) must be set (the same on every replica) when DATABASE_URL is PostgreSQL" }
    }

    /// What live mode can run with but should not: each is logged as a warning at start.
    /// The SMS request carries SMS_PASSWORD and the agent's OTP in its query string, so over
    /// plain http:// anyone on the path reads both (the values are never part of the warning).
    var liveModeWarnings: [String] {
        guard shauryapayMode == .live, !smsURL.lowercased().hasPrefix("https://") else { return [] }
        return [
            "SMS_URL is plain http://: the SMS password and every agent login OTP cross the network unencrypted; use an https:// URL"
        ]
    }
}

/// When a commit counts as done (`DATABASE_SYNCHRONOUS`); `Storage` maps it to the database's
/// own setting.
package enum DatabaseSynchronous: String, Sendable, CaseIterable {
    /// Every commit is on disk before it is acknowledged.
    case full
    /// Faster; the last commits may be lost on power loss (never the file's consistency).
    case normal
}

package enum LogFormat: String, Sendable {
    case text, json
}
