import HTTPServerKit

/// `/stats`: the operators' console reads how the flows go (the funnel) and how the bot
/// is doing (the overview). Days are India days (UTC+05:30); a funnel range is at most
/// 400 days, so a request cannot ask for a scan of the whole history by mistake.
struct StatsRoutes {
    let storage: Storage
    /// The flows in the engine's order, with the document photos this bot asks.
    let flows: [Flow]
    let time: any TimeSource

    static let maxDays = 400

    var routes: [APIRoute] {
        let funnels = storage.funnel
        let overviews = storage.overview
        let (flows, time) = (flows, time)
        return [
            APIRoute(.get, "/stats/funnel", summary: "A flow's funnel", tag: "Stats", access: .admin) { request in
                let query = try Self.funnelQuery(request, flows: flows, today: Self.today(time))
                let funnel = try await funnels.funnel(query.store)
                return .json(Self.json(funnel, query))
            }
            .describe(
                "For each question of the flow, in flow order, from the session events of the range: how many sessions reached it (rested there: a step-API body answering several questions passes the ones between), how many stopped there (nothing followed, open sessions at it included) and the median seconds spent on it (to the second; null when none moved on). `started` is the sessions that were in the flow, `completed` those that ended it (the login at the menu, the menu in a flow it offers, the others at completion). `from` and `to` are India dates, both included (default: the last 30 days)."
            )
            .query("flow", JSONSchema.string(values: flows.map(\.name.rawValue)), "The flow (default assign).")
            .query("from", Self.dateSchema, "First day, YYYY-MM-DD (India time).")
            .query("to", Self.dateSchema, "Last day, YYYY-MM-DD (India time); at most 400 days after from.")
            .query("agent_id", JSONSchema.integer(in: InputLimits.id), "Only this agent's sessions.")
            .response(200, "The funnel", JSONSchema.ref("Funnel"), example: Self.funnelExample)
            .errors(400),

            APIRoute(.get, "/stats/overview", summary: "The bot at a glance", tag: "Stats", access: .admin) {
                request in
                let days = try Self.days(request)
                let today = Self.today(time)
                let from = today.adding(days: 1 - days)
                let overview = try await overviews.overview(
                    from: from.indiaMidnight, to: today.adding(days: 1).indiaMidnight, counted: ["assign", "replace"])
                return .json(Self.json(overview, from: from, days: days))
            }
            .describe(
                "Per India day of the last `days` (today included): activations, replacements, assign and replace flows started and completed, with their totals; over those days, Shauryapay's failed calls by call, replies the channel reported failed by its error code and Shauryapay's latency; now, the chat messages not yet answered (inbox) and replies not yet sent (outbox)."
            )
            .query(
                "days", JSONSchema.adding(["enum": [1, 7, 30]], to: JSONSchema.integer(default: 7)),
                "Today only (1), or the last 7 or 30 days."
            )
            .response(200, "The overview", JSONSchema.ref("Overview"), example: Self.overviewExample)
            .errors(400),
        ]
    }

    static let dateSchema = JSONSchema.string(
        format: "date", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", example: "2026-11-01")

    static func today(_ time: any TimeSource) -> CalendarDate { CalendarDate(indiaTimeAt: time.nowMilliseconds()) }

    struct FunnelRequest {
        var store: FunnelStore.Query
        var from: CalendarDate
        var to: CalendarDate
    }

    static func funnelQuery(_ request: HTTPRequest, flows: [Flow], today: CalendarDate) throws -> FunnelRequest {
        let name = request.query["flow"] ?? "assign"
        guard let flow = flows.first(where: { $0.name.rawValue == name }) else {
            throw HTTPError(
                .badRequest,
                "Invalid 'flow': must be one of \(flows.map { "'\($0.name.rawValue)'" }.joined(separator: ", "))")
        }
        let to = try date(request, "to") ?? today
        let from = try date(request, "from") ?? to.adding(days: -29)
        guard from <= to else { throw HTTPError(.badRequest, "Invalid range: 'from' is after 'to'") }
        guard to.daysSinceEpoch - from.daysSinceEpoch < maxDays else {
            throw HTTPError(.badRequest, "Invalid range: at most \(maxDays) days")
        }
        var agentID: Int64?
        if let text = request.query["agent_id"] {
            guard let id = Int64(text), InputLimits.id.contains(id) else {
                throw HTTPError(.badRequest, "Invalid 'agent_id': must be a positive integer")
            }
            agentID = id
        }
        let query = FunnelStore.Query(
            flow: name, steps: flow.steps.filter { $0.kind == .question }.map(\.name.rawValue),
            from: from.indiaMidnight, to: to.adding(days: 1).indiaMidnight, agentID: agentID)
        return FunnelRequest(store: query, from: from, to: to)
    }

    static func date(_ request: HTTPRequest, _ name: String) throws -> CalendarDate? {
        guard let text = request.query[name] else { return nil }
        guard let date = CalendarDate(iso: text) else {
            throw HTTPError(.badRequest, "Invalid '\(name)': must be a date as YYYY-MM-DD")
        }
        return date
    }

    static func days(_ request: HTTPRequest) throws -> Int {
        guard let text = request.query["days"] else { return 7 }
        guard let days = Int(text), [1, 7, 30].contains(days) else {
            throw HTTPError(.badRequest, "Invalid 'days': must be 1, 7 or 30")
        }
        return days
    }
}
