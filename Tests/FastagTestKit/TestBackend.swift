import Testing

/// The database backend a test's `TestDatabase` uses.
package enum TestBackend: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    /// The backend of the test running now: `.sqlite` unless a suite marked `.onBothBackends`
    /// is running its tests on PostgreSQL.
    @TaskLocal package static var current = TestBackend.sqlite

    package var name: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }
}

/// Runs every test of a suite twice, on SQLite and then on PostgreSQL (`TestBackend.current`
/// set for each run), so that the store, engine and API suites hold on both backends in one
/// `swift test`. Every issue a run records names its backend, and so does an error a run
/// throws (recorded there, so that the other backend still runs). PostgreSQL is never
/// skipped: without a server, `TestDatabase` throws and the test fails.
package struct BothBackendsTrait: SuiteTrait, TestTrait, TestScoping {
    package var isRecursive: Bool { true }

    package func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        // Once per test case: not around the whole suite, nor around a test function as
        // well as around each of its cases (which would run each case four times).
        testCase == nil ? nil : self
    }

    package func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        for backend in TestBackend.allCases {
            let note = Comment(rawValue: "on \(backend.name)")
            let naming = IssueHandlingTrait.compactMapIssues { issue in
                var issue = issue
                // Swift Testing may hand an issue to the handler more than once.
                if !issue.comments.contains(note) { issue.comments.append(note) }
                return issue
            }
            try await naming.provideScope(for: test, testCase: testCase) {
                do {
                    try await TestBackend.$current.withValue(backend) { try await function() }
                } catch  where Self.isRecordedAlready(error) {
                    // A failed `#require`: its issue is recorded (and named) already.
                } catch {
                    Issue.record(error)
                }
            }
        }
    }
}

extension BothBackendsTrait {
    /// Whether `error` is what a failed `#require` throws after recording its issue (Swift
    /// Testing's `ExpectationFailedError`, which it does not export).
    static func isRecordedAlready(_ error: any Error) -> Bool {
        String(describing: type(of: error)) == "ExpectationFailedError"
    }
}

extension Trait where Self == BothBackendsTrait {
    /// The suite's tests run on SQLite and on PostgreSQL.
    package static var onBothBackends: Self { BothBackendsTrait() }
}
