import FastagBot
import TestKit

extension HTTPReply {
    /// The body as a JSON value.
    package func value() throws -> JSONValue {
        try JSONValue.parse(Array(body))
    }
}
