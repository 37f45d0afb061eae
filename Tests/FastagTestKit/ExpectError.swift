import FastagBot
import TestKit
import Testing

/// Checks an error reply: its status, the `{"status":"error","message":…}` shape, and (for
/// a field problem) that the message names the field in quotes.
package func expectError(
    _ reply: TestServer.Reply, _ status: Int, field: String? = nil, mentioning text: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
    guard let value = try? reply.value(), let object = value.objectValue else {
        Issue.record("the error body is not a JSON object: \(reply.text)", sourceLocation: sourceLocation)
        return
    }
    #expect(Set(object.keys) == ["status", "message"], "\(reply.text)", sourceLocation: sourceLocation)
    #expect(object["status"] == "error", sourceLocation: sourceLocation)
    let message = object["message"]?.stringValue ?? ""
    #expect(!message.isEmpty, sourceLocation: sourceLocation)
    if let field {
        #expect(
            message.contains("'\(field)'"), "the message does not name '\(field)': \(message)",
            sourceLocation: sourceLocation)
    }
    if let text {
        #expect(message.contains(text), "'\(message)' does not mention '\(text)'", sourceLocation: sourceLocation)
    }
}
