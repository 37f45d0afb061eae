import FastagTestKit
import Foundation
import TestKit
import Testing

/// The published contract, held by an outside tool: `scripts/check-api-contract` starts the
/// built bot and runs schemathesis (every check, fixed seed, derandomized, bounded examples)
/// against its `/openapi.json`. Without schemathesis this fails rather than skips: .ci/run
/// installs it (issue 9, item 9).
@Suite struct APIContractTests {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/check-api-contract")

    @Test func schemathesisFindsNothingTheDocumentDoesNotSay() async throws {
        let check = try ChildProcess(
            "/bin/bash", [Self.script.path], environment: ["FASTAG_BOT": BotProcess.executable.path])
        // Generous: the run takes about a minute on an idle machine; its result does not
        // depend on how long it takes.
        let status = await check.waitForExit(within: .seconds(1_800))
        switch status {
        case 0?:
            #expect(check.output.contains("Schemathesis"), "\(check.output)")
        case 2?:
            Issue.record(
                """
                schemathesis is not installed. Run .ci/run, or: python3 -m pip install schemathesis
                \(check.output)
                """)
        case let other?:
            Issue.record("scripts/check-api-contract failed (exit \(other)):\n\(check.output)")
        case nil:
            Issue.record("scripts/check-api-contract did not finish in 30 minutes:\n\(check.output)")
        }
    }
}
