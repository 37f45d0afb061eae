/// How long `eventually` waits at most. The deadline only bounds a failure: a condition that
/// holds is seen within a poll of holding, however long this is, and on a busy machine (two
/// cores shared with other builds) a task may wait long for a thread.
package let eventuallyDeadline: Duration = .seconds(120)

/// Polls `condition` until it holds or `deadline` passes; returns whether it held. The one
/// way the tests wait for something another task or process does: no fixed sleeps. Only a
/// wait known to be longer than the default (a whole external tool's run) passes a deadline.
package func eventually(
    within deadline: Duration = eventuallyDeadline, _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + deadline
    while clock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}
