import FastagBot
import TestKit
import Testing

/// Checks the API suites make of the collections.
extension TestServer {
    /// Deletes `path` (204, no body) and checks that it is gone: reading it and deleting it
    /// again are 404, and so is each of `lookups` (other paths that found it).
    package func expectDeleted(
        _ path: String, lookups: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let reply = try await call("DELETE", path, sourceLocation: sourceLocation)
        #expect(reply.status == 204 && reply.body.isEmpty, "\(reply.text)", sourceLocation: sourceLocation)
        for gone in [path] + lookups {
            expectError(
                try await call("GET", gone, sourceLocation: sourceLocation), 404, sourceLocation: sourceLocation)
        }
        expectError(try await call("DELETE", path, sourceLocation: sourceLocation), 404, sourceLocation: sourceLocation)
    }

    /// The collection at `path` (`/agents/`) lists exactly `ids`, in order, with their total,
    /// and its page of `limit` at `offset` the ones there, with the same total and its bounds.
    package func expectListing(
        _ path: String, _ ids: [String], limit: Int, offset: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let all = try await fetch(path, sourceLocation: sourceLocation)
        #expect(all.itemIDs == ids && all["total"] == .int(Int64(ids.count)), "\(all)", sourceLocation: sourceLocation)
        let page = try await fetch("\(path)?limit=\(limit)&offset=\(offset)", sourceLocation: sourceLocation)
        #expect(
            page.itemIDs == Array(ids.dropFirst(offset).prefix(limit)) && page["total"] == .int(Int64(ids.count)),
            "\(page)", sourceLocation: sourceLocation)
        #expect(
            page["limit"] == .int(Int64(limit)) && page["offset"] == .int(Int64(offset)), sourceLocation: sourceLocation
        )
    }
}
