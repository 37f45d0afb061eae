/// Whose OTP a limit counts. Limits belong to a mobile number, not to a session: opening a
/// new session or coming through another front door must not start them again.
enum OTPSubject: Sendable, Hashable {
    /// An agent logging in with this mobile number.
    case agentLogin(mobile: String)
    /// A customer's OTP in the assign or replace flow, for one mobile and vehicle.
    case customer(flow: FlowName, mobile: String, vehicle: String)

    /// The key it is stored under.
    var key: String {
        switch self {
        case .agentLogin(let mobile): "agent:\(mobile)"
        case .customer(let flow, let mobile, let vehicle): "customer:\(flow):\(mobile):\(vehicle)"
        }
    }
}

/// How many OTPs may be sent to a subject in a sliding window.
struct OTPSendLimit: Sendable, Equatable {
    var maxSends: Int
    var windowSeconds: Int64
}

/// How many codes may be tried for a subject, and what happens then.
struct OTPAttemptLimit: Sendable, Equatable {
    var maxAttempts: Int
    /// How long the subject is locked once its last try is used; nil: no more tries until a
    /// new OTP is sent (`clearOTPAttempts`).
    var lockSeconds: Int64?
}

/// What asking to send an agent OTP found.
enum OTPIssue: Sendable, Equatable {
    /// Recorded: the OTP may be sent.
    case issued
    /// Too many wrong codes: no OTP until then.
    case locked(until: Int64)
    /// The window's sends are used up: the next is allowed then.
    case tooManySends(until: Int64)
}

/// What counting a try found. A try is counted before its code is checked, so tries made at
/// the same moment in parallel sessions are all counted and none passes the limit.
enum OTPAttempt: Sendable, Equatable {
    /// Counted; `last` when it used the last try: should its code be wrong, the subject is
    /// locked (or out of tries) from now on. A right code clears the count and the lock.
    case counted(last: Bool)
    /// Locked until then, or (nil) out of tries until a new OTP is sent.
    case refused(until: Int64?)
}
