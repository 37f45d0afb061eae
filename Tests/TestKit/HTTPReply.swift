import Foundation

/// An answer as a client sees it, whether it came over a socket or from the application's
/// router in-process.
package struct HTTPReply: Sendable {
    package let status: Int
    /// As received; look names up with `header(_:)`, which ignores case.
    package let headers: [String: String]
    package let body: Data

    package init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    package var text: String { String(decoding: body, as: UTF8.self) }

    package func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}
