/// The JSON of the statistics and their schemas.
extension StatsRoutes {
    static func json(_ funnel: FunnelStore.Funnel, _ query: FunnelRequest) -> JSONValue {
        [
            "flow": .string(query.store.flow), "from": .string(query.from.iso), "to": .string(query.to.iso),
            "agent_id": query.store.agentID.map(JSONValue.int) ?? .null,
            "started": .int(Int64(funnel.started)), "completed": .int(Int64(funnel.completed)),
            "steps": .array(
                funnel.steps.map { step in
                    [
                        "step": .string(step.step), "reached": .int(Int64(step.reached)),
                        "left": .int(Int64(step.left)),
                        "median_seconds": number(step.medianSeconds),
                    ]
                }),
        ]
    }

    static func json(_ overview: OverviewStore.Overview, from: CalendarDate, days count: Int) -> JSONValue {
        var total = OverviewStore.Day()
        var days: [JSONValue] = []
        for offset in 0..<count {
            let date = from.adding(days: offset)
            let day = overview.days[date.daysSinceEpoch] ?? OverviewStore.Day()
            total.activations += day.activations
            total.replacements += day.replacements
            total.flowsStarted += day.flowsStarted
            total.flowsCompleted += day.flowsCompleted
            var entry = figures(day)
            entry["date"] = .string(date.iso)
            days.append(.object(entry))
        }
        let latencies = overview.latencies
        return [
            "from": .string(from.iso), "to": .string(from.adding(days: count - 1).iso), "days": .array(days),
            "totals": .object(figures(total)),
            "provider_failures_by_step": .array(
                overview.providerFailures.map { ["step": .string($0.call), "count": .int(Int64($0.count))] }),
            "reply_failures_by_code": .array(
                overview.replyFailures.map { ["code": .string($0.code), "count": .int(Int64($0.count))] }),
            "inbox_backlog": .int(Int64(overview.inboxBacklog)), "outbox_backlog": .int(Int64(overview.outboxBacklog)),
            "shauryapay_latency_ms": [
                "p50": number(OverviewStore.percentile(0.5, of: latencies)),
                "p99": number(OverviewStore.percentile(0.99, of: latencies)),
                "calls": .int(Int64(latencies.count)),
            ],
        ]
    }

    /// A whole number as an integer (20, not 20.0), null for none.
    static func number(_ value: Double?) -> JSONValue {
        guard let value else { return .null }
        return value == value.rounded() && abs(value) < 1e15 ? .int(Int64(value)) : .double(value)
    }

    private static func figures(_ day: OverviewStore.Day) -> [String: JSONValue] {
        [
            "activations": .int(Int64(day.activations)), "replacements": .int(Int64(day.replacements)),
            "flows_started": .int(Int64(day.flowsStarted)), "flows_completed": .int(Int64(day.flowsCompleted)),
        ]
    }

    static let funnelExample: JSONValue = [
        "flow": "assign", "from": "2026-11-01", "to": "2026-11-30", "agent_id": nil, "started": 120, "completed": 97,
        "steps": [
            ["step": "vehicle_number", "reached": 120, "left": 6, "median_seconds": 14],
            ["step": "engine_number", "reached": 114, "left": 2, "median_seconds": .double(9.5)],
        ],
    ]

    static let overviewExample: JSONValue = [
        "from": "2026-11-30", "to": "2026-11-30",
        "days": [
            [
                "date": "2026-11-30", "activations": 12, "replacements": 1, "flows_started": 15,
                "flows_completed": 13,
            ]
        ],
        "totals": ["activations": 12, "replacements": 1, "flows_started": 15, "flows_completed": 13],
        "provider_failures_by_step": [["step": "createWallet", "count": 2]],
        "reply_failures_by_code": [["code": "131026", "count": 1]], "inbox_backlog": 0, "outbox_backlog": 3,
        "shauryapay_latency_ms": ["p50": 420, "p99": 2900, "calls": 311],
    ]
}

extension Schemas {
    /// The console's schemas (statistics, timeline).
    static var console: [String: JSONValue] {
        let count = JSONSchema.integer(minimum: 0)
        let date = JSONSchema.string(format: "date", example: "2026-11-30")
        let seconds: JSONValue = ["type": ["number", "null"], "minimum": 0]
        let figures: [(String, JSONValue)] = [
            ("activations", count), ("replacements", count), ("flows_started", count), ("flows_completed", count),
        ]
        let figureNames = figures.map(\.0)
        return [
            "Timeline": timeline,
            "Funnel": JSONSchema.object(
                [
                    "flow": JSONSchema.string(), "from": date, "to": date,
                    "agent_id": JSONSchema.integer(minimum: 1, nullable: true), "started": count, "completed": count,
                    "steps": JSONSchema.array(
                        JSONSchema.object(
                            [
                                "step": JSONSchema.string(), "reached": count, "left": count,
                                "median_seconds": seconds,
                            ], required: ["step", "reached", "left", "median_seconds"])),
                ], required: ["flow", "from", "to", "agent_id", "started", "completed", "steps"]),
            "Overview": JSONSchema.object(
                [
                    "from": date, "to": date,
                    "days": JSONSchema.array(
                        JSONSchema.object(properties: [("date", date)] + figures, required: ["date"] + figureNames)),
                    "totals": JSONSchema.object(properties: figures, required: figureNames),
                    "provider_failures_by_step": JSONSchema.array(
                        JSONSchema.object(["step": JSONSchema.string(), "count": count], required: ["step", "count"])),
                    "reply_failures_by_code": JSONSchema.array(
                        JSONSchema.object(
                            ["code": JSONSchema.string("Meta's error code, or unknown."), "count": count],
                            required: ["code", "count"])),
                    "inbox_backlog": count, "outbox_backlog": count,
                    "shauryapay_latency_ms": JSONSchema.object(
                        ["p50": seconds, "p99": seconds, "calls": count], required: ["p50", "p99", "calls"]),
                ],
                required: [
                    "from", "to", "days", "totals", "provider_failures_by_step", "reply_failures_by_code",
                    "inbox_backlog", "outbox_backlog", "shauryapay_latency_ms",
                ]),
        ]
    }
}
