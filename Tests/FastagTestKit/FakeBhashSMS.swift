import Foundation
import HTTPServerKit
import TestKit

/// bhashsms's `sendmsg.php` on a loopback port: answers `S.12345` and records each message.
package final class FakeBhashSMS: Sendable {
    package struct Message: Sendable {
        package let method: String
        package let path: String
        package let parameters: [String: String]
        package var phone: String { parameters["phone"] ?? "" }
        package var text: String { parameters["text"] ?? "" }
        /// The 4-digit code in the text.
        package var otp: String? {
            text.range(of: "[0-9]{4}", options: .regularExpression).map { String(text[$0]) }
        }
    }

    private let fake: LoopbackFake<[Message]>

    package init() throws {
        fake = try LoopbackFake([]) { fake, request in
            var parameters: [String: String] = [:]
            for item in request.query { parameters[item.name] = item.value }
            let message = Message(method: request.method.rawValue, path: request.path, parameters: parameters)
            fake.withState { $0.append(message) }
            return .text("S.12345")
        }
    }

    package var url: String { fake.root + "/api/sendmsg.php" }
    package var sent: [Message] { fake.withState { $0 } }

    package func stop() async { await fake.stop() }
}
