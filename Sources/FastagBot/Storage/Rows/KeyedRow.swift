/// A row that the API names by its key (an agent, a FASTag, a vehicle, a session): read by
/// `get`, or by `existing` where its absence is the caller's error.
protocol KeyedRow: RowDecodable {
    associatedtype Key: SQLBindable
    /// The key, in `keyColumn`.
    var id: Key { get }
    /// How errors name one ("Agent 7 not found").
    static var noun: String { get }
    /// What a row must also satisfy to be there at all (an agent not deleted); none by default.
    static var presentCondition: String? { get }
}

extension KeyedRow {
    static var presentCondition: String? { nil }

    /// The row keyed `key`, if there is one. `locking`: as in `fetchOne`.
    static func get(_ key: Key, locking: Bool = false, in db: SQLConnection) throws -> Self? {
        let condition = ["\(keyColumn) = ?", presentCondition].compactMap { $0 }.joined(separator: " AND ")
        return try fetchOne(condition, key, locking: locking, in: db)
    }

    /// The row keyed `key`, or `StoreError.notFound` when there is none.
    static func existing(_ key: Key, locking: Bool = false, in db: SQLConnection) throws -> Self {
        guard let row = try get(key, locking: locking, in: db) else {
            throw StoreError.notFound("\(noun) \(key) not found")
        }
        return row
    }
}
