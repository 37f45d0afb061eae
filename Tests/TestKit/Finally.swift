/// Runs `body`, then `cleanup` whether `body` threw or not, and rethrows `body`'s error: the
/// `defer` that cannot `await`, for stopping servers, fakes and processes a test started.
package func tryFinally<T>(_ body: () async throws -> T, finally cleanup: () async -> Void) async throws -> T {
    let result: T
    do {
        result = try await body()
    } catch {
        await cleanup()
        throw error
    }
    await cleanup()
    return result
}
