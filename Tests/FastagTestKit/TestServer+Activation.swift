import FastagBot
import Testing

extension TestServer {
    /// The books after `script`'s activation, read through the REST API: the tag active on
    /// the vehicle with the customer's details, the vehicle as the script described it, one
    /// activation of the plan's amount in the tag's history, the agent (by `agentMobile`) with
    /// its figures, and the session completed with
    /// its photos (the fixed tag's skipped unless the script sent it). `session` is the
    /// session that activated; without it, the one completed session is taken. Returns the
    /// completed session.
    @discardableResult
    package func expectActivated(
        _ script: AssignScript, session: String? = nil, agentMobile: String, walletPaise: Int64, fastags: Int64,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        let tag = try await fetch("/fastags/by-tag/\(script.barcode)", sourceLocation: sourceLocation)
        let car = try await fetch("/vehicles/by-number/\(script.vehicle)", sourceLocation: sourceLocation)
        #expect(tag["status"] == "active" && tag["vehicle_id"] == car["id"], "\(tag)", sourceLocation: sourceLocation)
        #expect(tag["customer_name"] == .string(script.customerName), sourceLocation: sourceLocation)
        #expect(tag["customer_mobile"] == .string(script.mobile), sourceLocation: sourceLocation)
        #expect(tag["plan"] == .string(script.plan) && tag["activated_at"] != .null, sourceLocation: sourceLocation)
        #expect(
            car["maker"] == .string(script.maker) && car["model"] == .string(script.model), "\(car)",
            sourceLocation: sourceLocation)
        #expect(car["descriptor"] == .string(script.descriptor), sourceLocation: sourceLocation)
        #expect(car["engine_last5"] == .string(script.engine), sourceLocation: sourceLocation)
        // The class the tag was issued for, with the vehicle and with the tag.
        #expect(
            car["vehicle_class"] == .string(script.vehicleClassID)
                && tag["vehicle_class"] == .string(script.vehicleClassID), "\(car) \(tag)",
            sourceLocation: sourceLocation)

        let completed: JSONValue
        if let session {
            completed = try await fetch("/sessions/\(session)", sourceLocation: sourceLocation)
        } else {
            let page = try await fetch("/sessions/?status=completed", sourceLocation: sourceLocation)
            let sessions = page["items"]?.arrayValue ?? []
            try #require(sessions.count == 1, "\(page)", sourceLocation: sourceLocation)
            completed = sessions[0]
        }
        #expect(completed["status"] == "completed" && completed["state"] == "completed", sourceLocation: sourceLocation)
        let data = completed["data"] ?? [:]
        for kind in ["rc_front", "rc_back", "vehicle_front", "vehicle_side"] + (script.tagPhoto ? ["tag_fixed"] : []) {
            #expect(data["doc_\(kind)"]?.intValue != nil, "doc_\(kind): \(data)", sourceLocation: sourceLocation)
        }
        if !script.tagPhoto { #expect(data["doc_tag_fixed"] == "skipped", sourceLocation: sourceLocation) }

        let history = try await fetch("/fastags/\(tag.id)/transactions", sourceLocation: sourceLocation)
        let items = history["items"]?.arrayValue ?? []
        #expect(items.map { $0["kind"] } == ["activation"], "\(history)", sourceLocation: sourceLocation)
        #expect(items.first?["session_id"] == completed["id"], sourceLocation: sourceLocation)
        let planPaise = script.plan.split(separator: " ").first { Int64($0) != nil }.flatMap { Int64($0) }.map {
            $0 * 100
        }
        #expect(
            items.first?["amount_paise"] == planPaise.map(JSONValue.int), "\(history)", sourceLocation: sourceLocation)

        let agent = try await fetch("/agents/\(tag["agent_id"]?.intValue ?? 0)", sourceLocation: sourceLocation)
        #expect(agent["mobile"] == .string(agentMobile), "\(agent)", sourceLocation: sourceLocation)
        #expect(agent["wallet_balance_paise"] == .int(walletPaise), "\(agent)", sourceLocation: sourceLocation)
        #expect(agent["fastags_left"] == .int(fastags), sourceLocation: sourceLocation)
        return completed
    }
}
