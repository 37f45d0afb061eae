/// The one place where thrown errors become responses. The router uses it for handler
/// errors and the connection for parser errors, so every error has the same JSON shape:
/// `{"status":"error","message":"…"}`.
public enum ErrorResponse {
    /// The response for `error`, and whether it was unexpected (a 500 worth logging).
    public static func make(for error: any Error) -> (response: HTTPResponse, unexpected: Bool) {
        if let error = error as? any HTTPResponseError { return (error.response, false) }
        return (body(status: .internalServerError, message: "Internal server error"), true)
    }

    /// `{"status":"error","message":…}` with the given status.
    public static func body(status: HTTPStatus, message: String) -> HTTPResponse {
        .json(bytes: Array("{\"status\":\"error\",\"message\":\(JSONText.quoted(message))}".utf8), status: status)
    }
}

/// Minimal JSON string quoting, so the HTTP library needs no Foundation.
public enum JSONText {
    public static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }
}
