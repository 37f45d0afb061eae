import FastagTestKit
import Foundation
import SQLite
import Testing

@testable import FastagBot

/// A listing's total and its items come from one snapshot: a write that commits between the
/// count and the page (here, deterministically, through the listing's hook) shows in neither.
@Suite struct ListingSnapshotTests {
    @Test func aWriteBetweenTheCountAndThePageShowsInNeither() async throws {
        let database = try TestDatabase("fastag-listing", backend: .sqlite)
        defer { database.remove() }
        let path = database.databasePath
        let storage = try database.storage()
        for number in 1...2 {
            _ = try await storage.agents.create(NewAgent(firstName: "Agent", mobile: "900000000\(number)"))
        }
        // A reader as the pool has them, and a writer of its own that commits on its own.
        let reader = try Database(path: path, options: Database.Options(readOnly: true))
        let writer = try Database(path: path)
        let listing = Listing<Agent>(condition: "deleted_at IS NULL")

        let page = try listing.page(PageRequest(), in: SQLConnection(.sqlite(reader))) {
            try writer.run(
                "INSERT INTO agents (first_name, mobile, created_at, updated_at) VALUES ('Later', '9000000003', 0, 0)")
        }
        #expect(page.total == 2)
        #expect(page.items.map(\.mobile) == ["9000000001", "9000000002"])
        #expect(!reader.isInTransaction, "the read transaction ended")

        // The next listing sees the write, in both.
        let next = try listing.page(PageRequest(), in: SQLConnection(.sqlite(reader)))
        #expect(next.total == 3)
        #expect(next.items.count == 3)
        let stored = try await storage.agents.list()
        #expect(stored.total == 3 && stored.items.count == 3)
    }

    @Test func aFailedPageEndsItsReadTransaction() async throws {
        let database = try TestDatabase("fastag-listing", backend: .sqlite)
        defer { database.remove() }
        let path = database.databasePath
        _ = try database.storage()
        let reader = try Database(path: path, options: Database.Options(readOnly: true))
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try Listing<Agent>().page(PageRequest(), in: SQLConnection(.sqlite(reader))) { throw Stop() }
        }
        // Left open, the transaction would pin this connection to an old snapshot for good.
        #expect(!reader.isInTransaction)
    }
}
