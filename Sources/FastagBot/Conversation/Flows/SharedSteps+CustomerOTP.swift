/// The customer's OTP, asked by both flows once the provider has sent it.
extension SharedSteps {
    /// The question for the 6-digit OTP that `sender` had sent; Resend has `send` send
    /// another (not within the resend interval), and `check` has the provider verify a code
    /// and does what that leads to.
    static func customerOTP(
        _ name: StepName, sentBy sender: StepName, summary: String, send: @escaping Step.Prepare,
        check: @escaping @Sendable (String, inout StepContext) async throws -> Void
    ) -> Step {
        .question(
            name, dependsOn: [sender], hint: "The 6 digits the customer received; reply Resend for a new one.",
            resend: { (context: inout StepContext) in
                try context.throttle(since: context.session[sender, side: "sent_at"]?.intValue ?? 0)
                try await send(&context)
                context.notes.append(Messages.otpResent)
            },
            prompt: { session in Prompt(Messages.askCustomerOTP(session[.userMobile]?.stringValue ?? "")) }
        ) { input, context in
            let otp = try context.validate(input, expecting: "the 6-digit OTP") { text throws(InvalidInput) in
                try Validators.otp(text, length: 6)
            }
            try await check(otp, &context)
        }
        .answered(at: .otp(summary: summary))
    }
}

extension StepContext {
    /// The customer whose OTP this flow asks for: tries are counted per mobile and vehicle.
    var customerOTPSubject: OTPSubject {
        .customer(flow: session.flowName, mobile: string(.userMobile), vehicle: string(.vehicleNumber))
    }

    /// Refuses a new customer OTP within the resend interval of the last one sent to the same
    /// customer and vehicle, whatever asked for it: `Resend`, or going back and entering the
    /// mobile again (which would otherwise give five more tries at once).
    func throttleCustomerOTP() async throws {
        guard let last = try await store.lastOTPSend(customerOTPSubject) else { return }
        try throttle(since: last)
    }

    /// Refuses a new OTP within the resend interval of one sent at `sentAt`.
    func throttle(since sentAt: Int64) throws {
        // Session data can be edited by an operator: a send time so far back that the
        // difference does not fit is simply long ago.
        let (elapsed, overflow) = now.subtractingReportingOverflow(sentAt)
        if overflow { return }
        let wait = services.policy.resendIntervalSeconds - elapsed / 1000
        if wait > 0 { throw StepFailure.refused(Messages.resendTooSoon(wait)) }
    }

    /// Keeps the provider session a new customer OTP started, and when `step` sent it (for
    /// Resend); the customer's codes may be tried again.
    mutating func customerOTPSent(_ providerSession: ProviderSession, by step: StepName) async throws {
        session.providerRequestID = providerSession.requestID
        session.providerSessionID = providerSession.sessionID
        set(step, side: "sent_at", .int(now))
        try await store.customerOTPSent(customerOTPSubject, now: now)
    }

    /// Has the provider check a customer OTP, counting the try first (in the database, so
    /// every session of that customer and vehicle shares the count). After the last wrong
    /// code no code is sent to the provider until a new OTP (Resend) clears the count.
    func checkCustomerOTP<T>(_ check: () async throws(ProviderError) -> T) async throws -> T {
        let subject = customerOTPSubject
        let tries = services.policy.customerOTPTries
        let attempt = try await store.countOTPAttempt(subject, limit: tries, now: now)
        if case .refused = attempt { throw StepFailure.refused(Messages.customerOTPUsedUp) }
        let result: T
        do {
            result = try await check()
        } catch .rejected(let reason) {
            throw StepFailure.refused(attempt == .counted(last: true) ? Messages.customerOTPUsedUp : reason)
        } catch {
            // The provider did not answer: that was no wrong code.
            try await store.uncountOTPAttempt(subject, attempt)
            throw StepFailure.provider(error)
        }
        try await store.clearOTPAttempts(subject)
        return result
    }
}
