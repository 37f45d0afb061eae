/// A stored row that cannot be read back as what it should be: reading it fails loudly
/// rather than making a value up (an empty payload, a default status). It names the table,
/// the row and the column, never the value (which may be personal data). It is no
/// `HTTPResponseError`: the API answers 500 with a generic message and logs this.
public struct UnreadableRow: Error, Equatable, Sendable, CustomStringConvertible {
    public let table: String
    /// The row's key (`id`, or the table's own key column), as text.
    public let key: String
    public let column: String
    public let problem: String

    public var description: String { "\(table) row \(key): column \(column) \(problem)" }
}
