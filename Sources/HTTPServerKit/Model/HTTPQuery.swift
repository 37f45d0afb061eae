/// The decoded `name=value` pairs of a request's query string, in order, duplicates kept.
public struct HTTPQuery: Sendable, Sequence {
    /// One decoded pair; a name without `=` has the value "".
    public typealias Item = (name: String, value: String)

    /// The pairs in order.
    public private(set) var items: [Item]

    /// These pairs, already decoded.
    public init(_ items: [Item] = []) {
        self.items = items
    }

    /// Parses `a=1&b=two+words&c`. Malformed escapes are kept as they were: the parser has
    /// already refused such targets, so this only matters for hand-made requests.
    public init(parsing rawQuery: Substring) {
        items = []
        for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0], plusAsSpace: true) ?? String(parts[0])
            let rawValue = parts.count > 1 ? parts[1] : ""
            let value = PercentDecoding.decode(rawValue, plusAsSpace: true) ?? String(rawValue)
            items.append((name, value))
        }
    }

    /// True when the query has no pairs.
    public var isEmpty: Bool { items.isEmpty }

    /// The first value given for `name`.
    public subscript(name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    /// Every value given for `name`, in order (`?tag=a&tag=b`).
    public func values(for name: String) -> [String] {
        items.filter { $0.name == name }.map(\.value)
    }

    /// The pairs in order.
    public func makeIterator() -> IndexingIterator<[Item]> {
        items.makeIterator()
    }
}
