import Foundation
import FoundationNetworking

/// Sends agents their login OTP.
protocol SMSGateway: Sendable {
    func sendOTP(_ code: String, to mobile: String) async throws
}

/// Sandbox: the OTP is written to the log instead of being sent.
struct LogSMSGateway: SMSGateway {
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func sendOTP(_ code: String, to mobile: String) async throws {
        logger.info("sandbox SMS: agent login OTP", ["mobile": .string(Redact.mobile(mobile)), "otp": .string(code)])
    }
}

/// bhashsms (`GET …/sendmsg.php` with user, pass, sender, phone, text, priority, stype). The
/// answer is plain text; a message id starting `S.` means accepted.
struct BhashSMSGateway: SMSGateway {
    struct Account: Sendable {
        var url: String
        var user: String
        var password: String
        var sender: String
        /// The DLT-registered text; `{otp}` is replaced by the code.
        var template: String
    }

    enum Failure: Error, CustomStringConvertible {
        case refused(String)
        case transport(String)

        var description: String {
            switch self {
            case .refused(let answer): "bhashsms refused the message: \(answer)"
            case .transport(let detail): "bhashsms did not answer: \(detail)"
            }
        }
    }

    let account: Account
    let client: HTTPClient

    init(account: Account, client: HTTPClient) {
        self.account = account
        self.client = client
    }

    func sendOTP(_ code: String, to mobile: String) async throws {
        guard var components = URLComponents(string: account.url) else { throw Failure.transport("bad SMS_URL") }
        components.queryItems = [
            URLQueryItem(name: "user", value: account.user), URLQueryItem(name: "pass", value: account.password),
            URLQueryItem(name: "sender", value: account.sender), URLQueryItem(name: "phone", value: mobile),
            URLQueryItem(name: "text", value: account.template.replacingOccurrences(of: "{otp}", with: code)),
            URLQueryItem(name: "priority", value: "ndnd"), URLQueryItem(name: "stype", value: "normal"),
        ]
        // `+` is legal in a query but read as a space by PHP; encode it.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let url = components.url else { throw Failure.transport("bad SMS_URL") }
        let (data, response): (Data, HTTPURLResponse)
        do {
            (data, response) = try await client.send(URLRequest(url: url), deadline: .seconds(5))
        } catch {
            throw Failure.transport(error.description)
        }
        let answer = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard response.statusCode == 200, answer.hasPrefix("S.") else {
            throw Failure.refused("HTTP \(response.statusCode): \(answer.prefix(100))")
        }
    }
}
