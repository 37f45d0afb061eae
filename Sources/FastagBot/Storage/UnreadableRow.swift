/// A stored row that cannot be read back as what it should be: reading it fails loudly
/// rather than making a value up (an empty payload, a default status). It names the table,
/// the row and the column, never the value (which may be personal data). It is no
/// `HTTPResponseError`: the API answers 500 with a generic message and logs this.
struct UnreadableRow: Error, Equatable, Sendable, CustomStringConvertible {
    let table: String
    /// The row's key (`id`, or the table's own key column), as text.
    let key: String
    let column: String
    let problem: String

    var description: String { "\(table) row \(key): column \(column) \(problem)" }
}
