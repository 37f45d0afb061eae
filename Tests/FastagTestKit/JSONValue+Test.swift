import FastagBot
import TestKit

extension JSONValue {
    /// The `id` of a stored thing, as a path segment.
    package var id: String {
        switch self["id"] {
        case .int(let id)?: String(id)
        case .string(let id)?: id
        default: "missing-id"
        }
    }

    package var int: Int64? { intValue }

    /// The ids of a page's items.
    package var itemIDs: [String] { (self["items"]?.arrayValue ?? []).map(\.id) }
}
