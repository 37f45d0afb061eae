import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// `/sessions`: open, read, list, change, move to a step, attach documents, complete, delete.
@Suite(.onBothBackends) struct SessionAPITests {
    @Test func openedSessionIsStoredAndReadBack() async throws {
        try await withServer { server in
            let empty = try await server.post("/sessions/", [:])
            #expect(empty["channel"] == "api")
            #expect(empty["flow"] == "login")
            #expect(empty["state"] == "agent_mobile")
            #expect(empty["status"] == "open")
            #expect(empty["agent_id"] == .null)
            #expect(empty["data"] == [:])
            #expect(empty["completed_at"] == .null)
            #expect(UUID(uuidString: empty.id) != nil)
            #expect(try await server.fetch("/sessions/\(empty.id)") == empty)

            // An empty body is an empty object here: every field is optional.
            let bare = try await server.call("POST", "/sessions/", raw: "")
            #expect(bare.status == 201)

            let agent = try await server.agent()
            let full = try await server.post(
                "/sessions/",
                [
                    "agent_id": agent["id"]!, "channel": "whatsapp", "chat_id": "919876543210", "flow": "assign",
                    "state": "vehicle_number", "data": ["note": "opened by hand", "count": 2],
                ])
            #expect(full["agent_id"] == agent["id"])
            #expect(full["channel"] == "whatsapp")
            #expect(full["chat_id"] == "919876543210")
            #expect(full["flow"] == "assign")
            #expect(full["state"] == "vehicle_number")
            #expect(full["data"] == ["note": "opened by hand", "count": 2])
            #expect(try await server.fetch("/sessions/\(full.id)") == full)
            // Session ids are found in any case.
            #expect(try await server.fetch("/sessions/\(full.id.uppercased())") == full)
            let mine = try await server.fetch("/sessions/?agent_id=\(agent.id)")
            #expect(mine["items"] == [full])
            #expect(mine["total"] == 1)
            // The opening step is the first entry of the history.
            let events = try await server.app.storage.sessions.events(full.id)
            #expect(events.map(\.toState) == ["vehicle_number"])
            #expect(events.first?.fromState == nil)
        }
    }

    @Test func invalidOpeningsAreRefusedAndStoreNothing() async throws {
        try await withServer { server in
            let cases: [(String, JSONValue)] = [
                ("channel", ["channel": "sms"]), ("channel", ["channel": 1]), ("agent_id", ["agent_id": 0]),
                ("agent_id", ["agent_id": "1"]), ("chat_id", ["chat_id": 919_876_543_210]),
                ("flow", ["flow": "Assign Flow"]), ("state", ["state": "plan!"]), ("state", ["state": ""]),
                ("data", ["data": "text"]), ("data", ["data": [1, 2]]), ("session_id", ["session_id": "x"]),
            ]
            for (field, body) in cases {
                expectError(try await server.call("POST", "/sessions/", json: body), 422, field: field)
            }
            expectError(try await server.call("POST", "/sessions/", json: ["agent_id": 999]), 404, mentioning: "999")
            #expect(try await server.fetch("/sessions/")["total"] == 0)
        }
    }

    @Test func oneOpenSessionPerChat() async throws {
        try await withServer { server in
            let body: JSONValue = ["channel": "whatsapp", "chat_id": "919876543210"]
            let first = try await server.post("/sessions/", body)
            expectError(try await server.call("POST", "/sessions/", json: body), 409, mentioning: "919876543210")
            // Another channel, or the same chat once the first is completed, is fine.
            _ = try await server.post("/sessions/", ["channel": "interakt", "chat_id": "919876543210"])
            _ = try await server.json(200, "POST", "/sessions/\(first.id)/complete")
            _ = try await server.post("/sessions/", body)
            #expect(try await server.fetch("/sessions/")["total"] == 3)
        }
    }

    @Test func putMergesDataAndChangesOnlyTheFieldsSent() async throws {
        try await withServer { server in
            let agent = try await server.agent()
            let session = try await server.session(["data": ["plan": "400 Plan", "note": "first", "keep": true]])
            let changed = try await server.put(
                "/sessions/\(session.id)",
                [
                    "agent_id": agent["id"]!, "chat_id": "chat-1", "flow": "assign",
                    "data": ["plan": "500 Plan", "note": nil, "vehicle_number": "MH12AB1234"],
                ])
            #expect(changed["data"] == ["plan": "500 Plan", "keep": true, "vehicle_number": "MH12AB1234"])
            #expect(changed["agent_id"] == agent["id"])
            #expect(changed["chat_id"] == "chat-1")
            #expect(changed["flow"] == "assign")
            #expect(changed["state"] == session["state"])
            #expect(changed["created_at"] == session["created_at"])
            #expect(try await server.fetch("/sessions/\(session.id)") == changed)
            #expect(try await server.fetch("/sessions/?agent_id=\(agent.id)")["items"] == [changed])

            let cleared = try await server.put("/sessions/\(session.id)", ["agent_id": nil, "chat_id": nil])
            #expect(cleared["agent_id"] == .null)
            #expect(cleared["chat_id"] == .null)
            #expect(cleared["data"] == changed["data"])
        }
    }

    @Test func failedPutChangesNothing() async throws {
        try await withServer { server in
            let session = try await server.session(["channel": "whatsapp", "chat_id": "a", "data": ["k": 1]])
            let other = try await server.session(["channel": "whatsapp", "chat_id": "b"])
            let cases: [(String, JSONValue)] = [
                ("flow", ["data": ["k": 2], "flow": "Bad Flow"]), ("agent_id", ["data": ["k": 2], "agent_id": -4]),
                ("data", ["flow": "menu", "data": "k=2"]), ("state", ["flow": "menu", "state": "plan"]),
                ("status", ["flow": "menu", "status": "completed"]),
            ]
            for (field, body) in cases {
                expectError(try await server.call("PUT", "/sessions/\(session.id)", json: body), 422, field: field)
            }
            expectError(
                try await server.call("PUT", "/sessions/\(session.id)", json: ["agent_id": 999, "flow": "menu"]), 404)
            expectError(
                try await server.call("PUT", "/sessions/\(session.id)", json: ["chat_id": "b", "flow": "menu"]), 409)
            #expect(try await server.fetch("/sessions/\(session.id)") == session)
            #expect(try await server.fetch("/sessions/\(other.id)") == other)
        }
    }

    @Test func stateChangesAreRecorded() async throws {
        try await withServer { server in
            let session = try await server.session()
            let moved = try await server.put("/sessions/\(session.id)/state", ["state": "plan"])
            #expect(moved["state"] == "plan")
            #expect(try await server.fetch("/sessions/\(session.id)") == moved)
            #expect(try await server.fetch("/sessions/?state=plan")["items"] == [moved])
            #expect(try await server.fetch("/sessions/?state=agent_mobile")["total"] == 0)
            _ = try await server.put("/sessions/\(session.id)/state/", ["state": "payment"])

            let events = try await server.app.storage.sessions.events(session.id)
            #expect(events.map(\.fromState) == [nil, "agent_mobile", "plan"])
            #expect(events.map(\.toState) == ["agent_mobile", "plan", "payment"])
            #expect(events.map(\.at) == events.map(\.at).sorted())

            for (field, body) in [
                ("state", [:]), ("state", ["state": "Plan Step"]), ("state", ["state": 3]),
                ("flow", ["state": "menu", "flow": "menu"]),
            ] as [(String, JSONValue)] {
                expectError(
                    try await server.call("PUT", "/sessions/\(session.id)/state", json: body), 422, field: field)
            }
            #expect(try await server.fetch("/sessions/\(session.id)")["state"] == "payment")

            // A completed session's state cannot change.
            let completed = try await server.json(200, "POST", "/sessions/\(session.id)/complete")
            let refused = try await server.call("PUT", "/sessions/\(session.id)/state", json: ["state": "menu"])
            expectError(refused, 409, mentioning: "completed")
            #expect(try await server.fetch("/sessions/\(session.id)") == completed)
            #expect(try await server.app.storage.sessions.events(session.id).count == 3)
        }
    }

    @Test func completeIsOnce() async throws {
        try await withServer { server in
            let session = try await server.session()
            let completed = try await server.json(200, "POST", "/sessions/\(session.id)/complete")
            #expect(completed["status"] == "completed")
            #expect(completed["completed_at"] != .null)
            #expect(try await server.fetch("/sessions/\(session.id)") == completed)
            #expect(try await server.fetch("/sessions/?status=completed")["items"] == [completed])
            #expect(try await server.fetch("/sessions/?status=open")["total"] == 0)
            expectError(try await server.call("POST", "/sessions/\(session.id)/complete"), 409, mentioning: "already")
            #expect(try await server.fetch("/sessions/\(session.id)") == completed)
        }
    }

    @Test func documentsAreStoredByTheirDigest() async throws {
        try await withServer { server in
            let session = try await server.session()
            for (kind, bytes, mime, ext) in [
                ("rc_front", ImageBytes.jpeg, "image/jpeg", "jpg"), ("rc_back", ImageBytes.png, "image/png", "png"),
            ] {
                let document = try await server.post(
                    "/sessions/\(session.id)/documents",
                    ["kind": .string(kind), "image_base64": .string(Data(bytes).base64EncodedString())])
                let digest = ImageBytes.sha256(bytes)
                #expect(document["sha256"] == .string(digest))
                #expect(document["mime_type"] == .string(mime))
                #expect(document["size_bytes"] == .int(Int64(bytes.count)))
                #expect(document["kind"] == .string(kind))
                #expect(document["session_id"] == .string(session.id))
                #expect(try await server.storedPhoto(digest) == bytes, "\(ext)")
            }
            let stored = try await server.app.storage.documents.list(sessionID: session.id)
            #expect(stored.map(\.kind.rawValue) == ["rc_front", "rc_back"])
            #expect(stored.map(\.sha256) == [ImageBytes.sha256(ImageBytes.jpeg), ImageBytes.sha256(ImageBytes.png)])

            // A data: URL prefix is accepted; a second photo of a kind replaces the first.
            let replaced = try await server.post(
                "/sessions/\(session.id)/documents",
                [
                    "kind": "rc_front",
                    "image_base64": .string("data:image/png;base64," + Data(ImageBytes.png).base64EncodedString()),
                ])
            #expect(replaced["mime_type"] == "image/png")
            let after = try await server.app.storage.documents.list(sessionID: session.id)
            #expect(after.count == 2)
            #expect(after.first { $0.kind.rawValue == "rc_front" }?.sha256 == ImageBytes.sha256(ImageBytes.png))
        }
    }

    @Test func refusedDocumentsStoreNothing() async throws {
        try await withServer { server in
            let session = try await server.session()
            let image = JSONValue.string(Data(ImageBytes.jpeg).base64EncodedString())
            let cases: [(String, JSONValue)] = [
                (
                    "image_base64",
                    ["kind": "rc_front", "image_base64": .string(Data(ImageBytes.text).base64EncodedString())]
                ),
                ("image_base64", ["kind": "rc_front", "image_base64": "@@@ not base64 @@@"]),
                ("image_base64", ["kind": "rc_front", "image_base64": ""]),
                ("image_base64", ["kind": "rc_front", "image_base64": 12]),
                ("image_base64", ["kind": "rc_front"]),
                ("kind", ["image_base64": image]),
                ("kind", ["kind": "selfie", "image_base64": image]),
                ("filename", ["kind": "rc_front", "image_base64": image, "filename": "a.jpg"]),
            ]
            for (field, body) in cases {
                let reply = try await server.call("POST", "/sessions/\(session.id)/documents", json: body)
                expectError(reply, 422, field: field)
            }
            // An unknown session: 404, and no file is left behind either.
            let missing = "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c"
            let reply = try await server.call(
                "POST", "/sessions/\(missing)/documents", json: ["kind": "rc_front", "image_base64": image])
            expectError(reply, 404)
            #expect(try await server.app.storage.documents.list(sessionID: session.id).isEmpty)
            let directory = server.app.settings.dataDirectory + "/documents"
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            #expect(files.isEmpty, "\(files)")
        }
    }

    @Test func deleteRemovesTheSessionWithItsHistoryAndDocuments() async throws {
        try await withServer { server in
            let session = try await server.session()
            let other = try await server.session()
            _ = try await server.put("/sessions/\(session.id)/state", ["state": "plan"])
            _ = try await server.post(
                "/sessions/\(session.id)/documents",
                ["kind": "rc_front", "image_base64": .string(Data(ImageBytes.jpeg).base64EncodedString())])
            try await server.expectDeleted("/sessions/\(session.id)")
            #expect(try await server.fetch("/sessions/").itemIDs == [other.id])
            #expect(try await server.app.storage.sessions.events(session.id).isEmpty)
            #expect(try await server.app.storage.documents.list(sessionID: session.id).isEmpty)
        }
    }

    @Test func listingPagesAndFilters() async throws {
        try await withServer { server in
            let first = try await server.agent(1)
            let second = try await server.agent(2)
            var ids: [String: [String]] = [:]
            for index in 0..<6 {
                let agent = index % 2 == 0 ? first : second
                let session = try await server.session([
                    "agent_id": agent["id"]!, "state": index < 4 ? "plan" : "payment",
                ])
                ids[agent.id, default: []].append(session.id)
                if index == 0 { _ = try await server.json(200, "POST", "/sessions/\(session.id)/complete") }
            }
            let all = try await server.fetch("/sessions/")
            #expect(all["total"] == 6)
            #expect(Set(all.itemIDs) == Set(ids.values.joined()))
            let pages = [
                try await server.fetch("/sessions/?limit=4"), try await server.fetch("/sessions/?limit=4&offset=4"),
            ]
            #expect(pages.map(\.itemIDs.count) == [4, 2])
            #expect(pages.flatMap(\.itemIDs) == all.itemIDs)
            #expect(pages.allSatisfy { $0["total"] == 6 })

            let firstAgents = try await server.fetch("/sessions/?agent_id=\(first.id)")
            #expect(Set(firstAgents.itemIDs) == Set(ids[first.id]!))
            #expect(firstAgents["total"] == 3)
            #expect(try await server.fetch("/sessions/?status=completed").itemIDs == [ids[first.id]![0]])
            #expect(try await server.fetch("/sessions/?status=open")["total"] == 5)
            #expect(try await server.fetch("/sessions/?state=payment")["total"] == 2)
            let combined = try await server.fetch("/sessions/?agent_id=\(first.id)&status=open&state=plan")
            #expect(combined.itemIDs == [ids[first.id]![1]])
            #expect(combined["total"] == 1)
            #expect(try await server.fetch("/sessions/?agent_id=999")["total"] == 0)

            for (query, field) in [
                ("agent_id=one", "agent_id"), ("status=closed", "status"), ("limit=0", "limit"),
                ("offset=-2", "offset"),
            ] {
                expectError(try await server.call("GET", "/sessions/?\(query)"), 422, field: field)
            }
        }
    }
}
