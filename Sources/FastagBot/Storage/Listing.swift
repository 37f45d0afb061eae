/// A page of one table's rows and how many rows match, the one way the stores list things.
/// The count and the page are read in one read transaction, so they come from one snapshot
/// (WAL): a write that commits between them changes neither, and the total always agrees
/// with the items.
struct Listing<Item: RowDecodable> {
    /// SQL over `Item.table`; its parameters are numbered (`?1`, `?2`, …) from `arguments`.
    var condition: String?
    var arguments: [any SQLBindable] = []
    var order = "id"

    /// Reads the page `request` asks for. `afterCounting` runs between the two queries (tests
    /// commit a write there to show that the page does not see it).
    func page(_ request: PageRequest, in db: SQLConnection, afterCounting: () throws -> Void = {}) throws -> Page<Item>
    {
        try db.snapshot {
            let total = try db.scalar("SELECT count(*) \(Item.from(condition))", arguments, as: Int.self)
            try afterCounting()
            let limit = arguments.count + 1
            let rows = try db.query(
                Item.select(condition) + " ORDER BY \(order) LIMIT ?\(limit) OFFSET ?\(limit + 1)",
                arguments + [request.limit, request.offset])
            return Page(
                items: try rows.map(Item.decode), total: total, limit: request.limit, offset: request.offset)
        }
    }
}
