/// Everything a step may use while it runs: the session being changed (a copy the engine
/// saves if the whole input succeeds, or if a fact was established before a failure), the
/// logged-in agent, and the services.
struct StepContext: Sendable {
    var session: Session
    var agent: Agent?
    let services: ConversationServices
    let now: Int64
    /// Messages to send before the next question (e.g. "✅ Customer wallet created.").
    var notes: [String] = []
    /// Set by a step that ends the flow.
    var finish: FlowEnd?
    /// Photos received with this input, by document id (so uploading needs no disk read).
    var photos: [Int64: ImageData] = [:]

    var provider: any FastagProvider { services.provider }
    var store: any ConversationStore { services.store }
    var today: CalendarDate { CalendarDate(indiaTimeAt: now) }

    /// The agent as the provider knows it; steps that call the provider run only after login.
    func providerAgent() throws -> ProviderAgent {
        guard let agent else { throw StepFailure.refused(Messages.loginFirst) }
        return ProviderAgent(
            localID: agent.id, providerID: agent.shauryapayAgentID ?? String(agent.id), mobile: agent.mobile)
    }

    /// The provider session started by the customer OTP.
    func providerSession() throws -> ProviderSession {
        guard let request = session.providerRequestID, let id = session.providerSessionID else {
            throw StepFailure.refused(Messages.startAgain)
        }
        return ProviderSession(requestID: request, sessionID: id)
    }

    /// What a provider call in the customer's provider session needs.
    func providerInSession() throws -> (provider: any FastagProvider, agent: ProviderAgent, session: ProviderSession) {
        (provider, try providerAgent(), try providerSession())
    }

    /// Runs a provider call in the customer's provider session, turning its error into a
    /// step failure.
    func callInSession<T>(
        _ body: (any FastagProvider, ProviderAgent, ProviderSession) async throws(ProviderError) -> T
    ) async throws -> T {
        let (provider, agent, session) = try providerInSession()
        return try await call { () async throws(ProviderError) in try await body(provider, agent, session) }
    }

    /// Runs a provider call, turning its error into a step failure.
    func call<T>(_ body: () async throws(ProviderError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw StepFailure.provider(error)
        }
    }

    // MARK: - Reading answers

    /// A step's answer (or, with `side`, a value it keeps beside it) as text.
    func text(_ field: StepName, side: String? = nil) -> String? { session[field, side: side]?.stringValue }
    package func string(_ field: StepName, side: String? = nil) -> String { text(field, side: side) ?? "" }

    mutating func set(_ field: StepName, side: String? = nil, _ value: String) {
        session[field, side: side] = .string(value)
    }
    mutating func set(_ field: StepName, side: String? = nil, _ value: JSONValue) {
        session[field, side: side] = value
    }

    /// The input as text, or a refusal naming what was expected.
    func words(_ input: ConversationInput, expecting what: String) throws -> String {
        guard let words = input.words?.trimming(" \t\n"), !words.isEmpty else {
            throw StepFailure.refused("Please type \(what).")
        }
        return String(words)
    }

    /// Runs a validator on the input's text, its digits in ASCII (`asciiDigits`); its reason
    /// becomes the refusal.
    func validate<T>(
        _ input: ConversationInput, expecting what: String, _ validator: (String) throws(InvalidInput) -> T
    )
        throws -> T
    {
        let text = Validators.asciiDigits(try words(input, expecting: what))
        do {
            return try validator(text)
        } catch {
            throw StepFailure.refused(error.reason)
        }
    }

    /// The option the input picks: its button or list id, or what `OptionMatcher` reads in
    /// its words (number, title, id, Yes/No, the start of a title). Several options starting
    /// alike are named back; a title a typo away is suggested (`StepFailure.suggest`), unless
    /// `typos` is false (barcodes: a digit off is another tag, not a typo).
    func choose(_ input: ConversationInput, from options: [Option], typos: Bool = true) throws -> Option {
        if case .choice(let id, _) = input, let option = options.first(where: { $0.id == id || $0.sentID == id }) {
            return option
        }
        let text = try words(input, expecting: "one of the options")
        switch OptionMatcher.match(text, in: options, typos: typos) {
        case .picked(let option): return option
        case .several(let matching): throw StepFailure.refused(Messages.severalMatch(text, matching.map(\.title)))
        case .suggestion(let option): throw StepFailure.suggest(option)
        case .none: throw StepFailure.refused(Messages.pickAnOption)
        }
    }
}

/// How a flow ended.
enum FlowEnd: Sendable {
    /// Activation or replacement succeeded: the session completes and a new one starts at
    /// the menu. `message` is the success text.
    case completed(message: String, record: CompletionRecord)
}

/// The services the engine and its steps use.
struct ConversationServices: Sendable {
    let provider: any FastagProvider
    let store: any ConversationStore
    let sms: any SMSGateway
    let policy: ConversationPolicy
}

/// Limits and wording the deployment decides.
struct ConversationPolicy: Sendable {
    /// How long an agent OTP is valid.
    var agentOTPLifetimeSeconds: Int64 = 300
    /// Agent OTPs sent to one mobile number within the window, whatever the session or front door.
    var agentOTPMaxSends = 3
    var agentOTPSendWindowSeconds: Int64 = 600
    /// Wrong agent OTPs (counted per mobile number) that lock its login…
    var agentOTPAttempts = 5
    /// …for this long.
    var agentLoginLockSeconds: Int64 = 900
    /// Wrong customer OTPs (per customer mobile and vehicle) after which only Resend helps.
    var customerOTPAttempts = 5
    /// `Resend` is refused this soon after the last OTP.
    var resendIntervalSeconds: Int64 = 30
    /// A session idle this long restarts at the menu.
    var idleTimeoutSeconds: Int64 = 30 * 60
    /// A login lasts this long.
    var loginLifetimeSeconds: Int64 = 12 * 3600
    /// Key for hashing agent OTPs.
    var otpKey: [UInt8] = Crypto.randomBytes(32)
    /// Shown in the success message.
    var helpLink = "https://shauryapay.com"
    /// The document photos the assign flow asks for, in order (`DOCUMENT_PHOTOS`).
    var documentPhotos = Document.Kind.allCases
    /// Chat channels may trust the sender's WhatsApp number instead of an OTP.
    var trustChatSender = false

    init() {}

    var agentOTPSends: OTPSendLimit {
        OTPSendLimit(maxSends: agentOTPMaxSends, windowSeconds: agentOTPSendWindowSeconds)
    }
    var agentOTPTries: OTPAttemptLimit {
        OTPAttemptLimit(maxAttempts: agentOTPAttempts, lockSeconds: agentLoginLockSeconds)
    }
    var customerOTPTries: OTPAttemptLimit { OTPAttemptLimit(maxAttempts: customerOTPAttempts, lockSeconds: nil) }
}
