import Synchronization

@testable import FastagBot

/// Keeps every code it is asked to send.
final class EngineFakeSMS: SMSGateway {
    private let sent = Mutex<[(code: String, mobile: String)]>([])
    private let failNext = Mutex(false)

    var codes: [String] { sent.withLock { $0.map(\.code) } }
    var lastCode: String? { codes.last }
    var mobiles: [String] { sent.withLock { $0.map(\.mobile) } }

    func failNextSend() { failNext.withLock { $0 = true } }

    func sendOTP(_ code: String, to mobile: String) async throws {
        let fail = failNext.withLock { value in
            defer { value = false }
            return value
        }
        if fail { throw CancellationError() }
        sent.withLock { $0.append((code, mobile)) }
    }
}
