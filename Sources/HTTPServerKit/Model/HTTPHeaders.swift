/// Header fields in arrival order, multi-valued, with case-insensitive lookup
/// (RFC 9110 §5.1). Names keep the spelling they were received or set with.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One field as received or set: the name keeps its spelling.
    public typealias Field = (name: String, value: String)

    private var fields: [Field]

    /// No fields.
    public init() {
        fields = []
    }

    /// These fields, in this order (duplicates kept).
    public init(_ fields: [Field]) {
        self.fields = fields
    }

    /// `["Content-Type": "text/plain"]`, in the literal's order.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The number of fields (a name given twice counts twice).
    public var count: Int { fields.count }
    /// True when there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// The first value of the field `name`, or nil.
    public subscript(name: String) -> String? {
        fields.first { Self.namesEqual($0.name, name) }?.value
    }

    /// Every value of the field `name`, in order (RFC 9110 §5.3: a repeated field is a list).
    public func values(for name: String) -> [String] {
        fields.filter { Self.namesEqual($0.name, name) }.map(\.value)
    }

    /// Whether a field called `name` is present (in any case).
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.namesEqual($0.name, name) }
    }

    /// Appends a field, keeping any of the same name.
    public mutating func add(name: String, value: String) {
        fields.append((name, value))
    }

    /// Replaces every field called `name` with a single one.
    public mutating func set(name: String, value: String) {
        remove(name: name)
        fields.append((name, value))
    }

    /// Removes every field called `name` (in any case).
    public mutating func remove(name: String) {
        fields.removeAll { Self.namesEqual($0.name, name) }
    }

    /// The fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }

    /// `Name: value` lines, for debugging.
    public var description: String {
        fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    static func namesEqual(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                for i in 0..<x.count where ASCII.lowercased(x[i]) != ASCII.lowercased(y[i]) {
                    return false
                }
                return true
            }
        }
    }
}
