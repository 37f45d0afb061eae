extension FlowName {
    static let login = FlowName(rawValue: "login")
}

/// Agent login: the mobile, then a 4-digit OTP sent by SMS.
enum LoginFlow {
    static let flow = Flow(
        name: .login,
        steps: [
            .question(
                .agentMobile, hint: "Your 10-digit mobile number, as registered with us.",
                prompt: { _ in Prompt(Messages.askAgentMobile) }
            ) { input, context in
                let mobile = try context.validate(input, expecting: "your mobile number", Validators.mobile)
                guard let agent = try await context.store.agent(mobile: mobile), agent.status == .active else {
                    throw StepFailure.refused(Messages.notRegistered)
                }
                try await sendOTP(to: agent, &context)
                context.set(.agentMobile, mobile)
                context.set(.agentMobile, side: "agent_id", .int(agent.id))
            },
            .question(
                .agentOTP, dependsOn: [.agentMobile],
                hint: "The 4 digits sent to you by SMS; reply Resend for a new one.",
                resend: { (context: inout StepContext) in
                    let agent = try await loginAgent(context)
                    if let otp = try await context.store.agentOTP(agentID: agent.id) {
                        try context.throttle(since: otp.lastSentAt)
                    }
                    try await sendOTP(to: agent, &context)
                    context.notes.append(Messages.otpResent)
                },
                prompt: { _ in Prompt(Messages.agentOTPSent) }
            ) { input, context in
                let code = try context.validate(input, expecting: "the 4-digit OTP") { text throws(InvalidInput) in
                    try Validators.otp(text, length: 4)
                }
                let agent = try await loginAgent(context)
                let store = context.store
                let tries = context.services.policy.agentOTPTries
                // Read before the try is counted: a lock set meanwhile by another session
                // deletes the OTP, and this try is then refused by the count, not as expired.
                let current = try await store.agentOTP(agentID: agent.id)
                // Counted per mobile before the code is looked at: other sessions share the count.
                let subject = OTPSubject.agentLogin(mobile: agent.mobile)
                let attempt = try await store.countOTPAttempt(subject, limit: tries, now: context.now)
                if case .refused(let until) = attempt {
                    try await store.deleteAgentOTP(agentID: agent.id)
                    throw StepFailure.redo(
                        Messages.loginLocked(until: until ?? context.now), clearing: [.agentMobile])
                }
                guard let otp = current, otp.expiresAt > context.now else {
                    try await store.uncountOTPAttempt(subject, attempt)
                    try await store.deleteAgentOTP(agentID: agent.id)
                    throw StepFailure.redo(Messages.otpExpired, clearing: [.agentMobile])
                }
                guard
                    Crypto.constantTimeEquals(Array(hash(code, agentID: agent.id, context).utf8), Array(otp.hash.utf8))
                else {
                    if attempt == .counted(last: true) {
                        try await store.deleteAgentOTP(agentID: agent.id)
                        let until = context.now + (tries.lockSeconds ?? 0) * 1000
                        throw StepFailure.redo(Messages.loginLocked(until: until), clearing: [.agentMobile])
                    }
                    throw StepFailure.refused(Messages.wrongAgentOTP)
                }
                try await store.clearOTPAttempts(subject)
                try await store.deleteAgentOTP(agentID: agent.id)
                context.session.agentID = agent.id
                context.session.authenticatedAt = context.now
                context.agent = agent
                context.set(.agentOTP, "verified")
                context.switchFlow(to: .menu)
            },
        ])

    private static func loginAgent(_ context: StepContext) async throws -> Agent {
        guard let id = context.session[.agentMobile, side: "agent_id"]?.intValue,
            let agent = try await context.store.agent(id: id), agent.status == .active
        else { throw StepFailure.redo(Messages.otpExpired, clearing: [.agentMobile]) }
        return agent
    }

    /// A fresh random 4-digit OTP: kept only as a keyed hash, sent by SMS; refused while the
    /// mobile is locked or has had its OTPs for the window, whichever session asks.
    private static func sendOTP(to agent: Agent, _ context: inout StepContext) async throws {
        let code = String(format4(Int.random(in: 0...9999)))
        let policy = context.services.policy
        let otp = AgentOTP(
            agentID: agent.id, hash: hash(code, agentID: agent.id, context),
            expiresAt: context.now + policy.agentOTPLifetimeSeconds * 1000, attempts: 0, lastSentAt: context.now)
        let issue = try await context.store.issueAgentOTP(
            otp, subject: .agentLogin(mobile: agent.mobile), limit: policy.agentOTPSends, now: context.now)
        switch issue {
        case .issued: break
        case .locked(let until): throw StepFailure.refused(Messages.loginLocked(until: until))
        case .tooManySends(let until): throw StepFailure.refused(Messages.tooManyOTPs(until: until))
        }
        do {
            try await context.services.sms.sendOTP(code, to: agent.mobile)
        } catch {
            throw StepFailure.refused(Messages.smsFailed)
        }
    }

    private static func hash(_ code: String, agentID: Int64, _ context: StepContext) -> String {
        Crypto.hex(Crypto.hmacSHA256(key: context.services.policy.otpKey, message: Array("\(agentID):\(code)".utf8)))
    }

    private static func format4(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
