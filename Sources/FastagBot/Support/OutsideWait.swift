/// A task says here that it is about to wait for another service (an HTTP call), so that
/// whatever limits how many tasks work at once can start another meanwhile. The chat
/// answering scheduler limits the chats answered at once to what the processors can work
/// on; a chat waiting seconds for Shauryapay must not hold other chats back.
enum OutsideWait {
    protocol Observer: Sendable {
        func waitBegan()
        func waitEnded()
    }

    @TaskLocal static var observer: (any Observer)?

    static func around<T, E: Error>(_ body: () async throws(E) -> T) async throws(E) -> T {
        guard let observer else { return try await body() }
        observer.waitBegan()
        defer { observer.waitEnded() }
        return try await body()
    }
}
