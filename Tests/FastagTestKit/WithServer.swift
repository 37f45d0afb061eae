import FastagBot

/// Runs `body` against a fresh server (its own temporary database), reached in-process
/// unless told otherwise, and stops the server afterwards, whether `body` threw or not.
/// Unless told to keep it, the sandbox's demo data is removed first (through the API), so
/// that every test starts from an empty store.
package func withServer(
    over transport: TestServer.Transport = .inProcess, keepingSeed: Bool = false, time: any TimeSource = SystemTime(),
    _ configure: (inout Settings) -> Void = { _ in }, _ body: (TestServer) async throws -> Void
) async throws {
    let server = try TestServer(over: transport, time: time, configure)
    do {
        if !keepingSeed { try await server.removeSeedData() }
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}
