/// How a fake misbehaves, by key (an endpoint, a media id): the next calls in a given order,
/// one behaviour each, then a standing behaviour until it is lifted.
package struct FakeScript<Behaviour: Sendable>: Sendable {
    private var queued: [String: [Behaviour]] = [:]
    private var standing: [String: Behaviour] = [:]

    package init() {}

    /// The next calls of `key` behave like this, in order.
    package mutating func queue(_ key: String, _ behaviours: [Behaviour]) {
        queued[key, default: []] += behaviours
    }

    /// Every call of `key` behaves like this once the queue is empty (nil: as usual again).
    package mutating func always(_ key: String, _ behaviour: Behaviour?) {
        standing[key] = behaviour
    }

    /// What the call of `key` being answered does; nil: behave.
    package mutating func next(_ key: String) -> Behaviour? {
        if var queue = queued[key], !queue.isEmpty {
            let first = queue.removeFirst()
            queued[key] = queue
            return first
        }
        return standing[key]
    }
}
