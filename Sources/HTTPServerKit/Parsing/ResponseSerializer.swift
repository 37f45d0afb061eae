/// Writes a response head and body as HTTP/1.1 bytes, straight into one buffer.
enum ResponseSerializer {
    /// Fields the server writes itself; a handler's copies are dropped so framing stays right.
    private static let managedFields = ["Content-Length", "Transfer-Encoding", "Connection", "Date", "X-Request-ID"]

    /// Status lines of the common answers, built once.
    private static let statusLines: [Int: (phrase: String, line: [UInt8])] = Dictionary(
        uniqueKeysWithValues: [200, 201, 204, 400, 401, 403, 404, 405, 408, 409, 413, 422, 500].map { code in
            let phrase = HTTPStatus(code: code).reasonPhrase
            return (code, (phrase, Array("HTTP/1.1 \(code) \(phrase)\r\n".utf8)))
        })

    /// - Parameters:
    ///   - includeBody: false for HEAD, whose answer has the GET headers and no body.
    ///   - keepAlive: whether the connection stays open; `version` decides how it is said.
    static func serialize(
        _ response: HTTPResponse, requestID: String, version: HTTPVersion, keepAlive: Bool, includeBody: Bool
    ) -> [UInt8] {
        let status = response.status
        let sendsBody = includeBody && status.allowsBody
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160 + (sendsBody ? response.body.count : 0))
        if let cached = statusLines[status.code], cached.phrase == status.reasonPhrase {
            bytes.append(contentsOf: cached.line)
        } else {
            bytes.append(contentsOf: "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n".utf8)
        }
        for field in response.headers where !managedFields.contains(where: { HTTPHeaders.namesEqual($0, field.name) }) {
            bytes.append(contentsOf: field.name.utf8)
            bytes.append(contentsOf: ": ".utf8)
            bytes.append(contentsOf: field.value.utf8)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        if status.allowsBody {
            bytes.append(contentsOf: "Content-Length: ".utf8)
            bytes.append(contentsOf: String(response.body.count).utf8)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        HTTPDate.appendHeader(to: &bytes)
        bytes.append(contentsOf: "X-Request-ID: ".utf8)
        bytes.append(contentsOf: requestID.utf8)
        bytes.append(contentsOf: "\r\n".utf8)
        if !keepAlive {
            bytes.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version == .http1_0 {
            bytes.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        bytes.append(contentsOf: "\r\n".utf8)
        if sendsBody {
            bytes.append(contentsOf: response.body)
        }
        return bytes
    }
}
