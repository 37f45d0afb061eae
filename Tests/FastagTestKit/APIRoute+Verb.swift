import FastagBot

extension APIRoute {
    /// The method's name (`GET`).
    package var verb: String { String(describing: method) }
}
