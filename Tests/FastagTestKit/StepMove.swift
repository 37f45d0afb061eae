import FastagBot

/// One request of a flow through the step API and what the bot must answer. `{id}` in the
/// path stands for the session.
package struct StepMove: Sendable {
    package var path: String
    package var body: [String: JSONValue]
    package var says: String?
    package var step: String
    package var options: [String]?

    package init(_ path: String, _ body: [String: JSONValue], says: String?, step: String, options: [String]? = []) {
        self.path = path
        self.body = body
        self.says = says
        self.step = step
        self.options = options
    }
}
