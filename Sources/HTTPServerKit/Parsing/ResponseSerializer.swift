/// Writes a response head and body as HTTP/1.1 bytes.
enum ResponseSerializer {
    /// Fields the server writes itself; a handler's copies are dropped so framing stays right.
    private static let managedFields = ["Content-Length", "Transfer-Encoding", "Connection", "Date", "X-Request-ID"]

    /// - Parameters:
    ///   - includeBody: false for HEAD, whose answer has the GET headers and no body.
    ///   - keepAlive: whether the connection stays open; `version` decides how it is said.
    static func serialize(
        _ response: HTTPResponse, requestID: String, version: HTTPVersion, keepAlive: Bool, includeBody: Bool
    ) -> [UInt8] {
        let status = response.status
        var head = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
        for field in response.headers where !managedFields.contains(where: { HTTPHeaders.namesEqual($0, field.name) }) {
            head += field.name
            head += ": "
            head += field.value
            head += "\r\n"
        }
        if status.allowsBody {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        head += "Date: \(HTTPDate.now())\r\nX-Request-ID: \(requestID)\r\n"
        if !keepAlive {
            head += "Connection: close\r\n"
        } else if version == .http1_0 {
            head += "Connection: keep-alive\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if includeBody && status.allowsBody {
            bytes.append(contentsOf: response.body)
        }
        return bytes
    }
}
