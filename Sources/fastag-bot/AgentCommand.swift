import FastagBot

/// `fastag-bot agent add|list|topup|set-tags`: agent housekeeping without the HTTP API.
enum AgentCommand {
    static func run(_ arguments: [String], settings: Settings) async -> Int32 {
        guard let action = arguments.first else {
            Command.printError("fastag-bot agent: say add, list, topup or set-tags; see fastag-bot --help")
            return 2
        }
        let rest = Array(arguments.dropFirst())
        do {
            let storage = try Storage(settings: settings)
            switch action {
            case "add": try await add(rest, storage)
            case "list": try await list(rest, storage)
            case "topup": try await topUp(rest, storage)
            case "set-tags": try await setTags(rest, storage)
            default: throw UsageError("unknown agent command '\(action)'")
            }
            return 0
        } catch let error as UsageError {
            Command.printError("fastag-bot agent \(action): \(error.message) (see fastag-bot --help)")
            return 2
        } catch {
            Command.printError("fastag-bot agent \(action): \(error)")
            return 1
        }
    }

    struct UsageError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    private static func add(_ arguments: [String], _ storage: Storage) async throws {
        let options = try parseOptions(
            arguments, allowed: ["first-name", "last-name", "mobile", "wallet", "tags", "shauryapay-id"])
        guard let first = options["first-name"] else { throw UsageError("--first-name is required") }
        guard let mobileText = options["mobile"] else { throw UsageError("--mobile is required") }
        var agent = NewAgent(
            firstName: try check { () throws(InvalidInput) in try Validators.name(first) },
            mobile: try check { () throws(InvalidInput) in try Validators.mobile(mobileText) })
        if let last = options["last-name"] {
            agent.lastName = try check { () throws(InvalidInput) in try Validators.name(last) }
        }
        if let wallet = options["wallet"] {
            guard let paise = Money.paise(fromRupees: wallet) else {
                throw UsageError("--wallet takes rupees, like 1250.50")
            }
            agent.walletBalancePaise = paise
        }
        if let tags = options["tags"] {
            guard let count = Int64(tags), count >= 0 else { throw UsageError("--tags takes a count, like 10") }
            agent.fastagsLeft = count
        }
        agent.shauryapayAgentID = options["shauryapay-id"]
        let created = try await storage.agents.create(agent)
        print("agent \(created.id) \(created.fullName) \(created.mobile) registered")
    }

    private static func list(_ arguments: [String], _ storage: Storage) async throws {
        let options = try parseOptions(arguments, allowed: ["status"])
        var status: Agent.Status?
        if let text = options["status"] {
            guard let value = Agent.Status(rawValue: text) else {
                throw UsageError("--status takes active or inactive")
            }
            status = value
        }
        var offset = 0
        print(
            "ID".padding(6) + "NAME".padding(28) + "MOBILE".padding(12) + "STATUS".padding(10) + "WALLET".padding(16)
                + "TAGS")
        while true {
            let page = try await storage.agents.list(status: status, page: PageRequest(limit: 500, offset: offset))
            for agent in page.items {
                print(
                    String(agent.id).padding(6) + agent.fullName.padding(28) + agent.mobile.padding(12)
                        + agent.status.rawValue.padding(10) + Money.rupees(agent.walletBalancePaise).padding(16)
                        + String(agent.fastagsLeft))
            }
            offset += page.items.count
            if page.items.isEmpty || offset >= page.total { break }
        }
    }

    private static func topUp(_ arguments: [String], _ storage: Storage) async throws {
        guard arguments.count == 2 else { throw UsageError("expected AGENT RUPEES") }
        let agent = try await find(arguments[0], storage)
        guard let paise = Money.paise(fromRupees: arguments[1]), paise > 0 else {
            throw UsageError("the amount is rupees, like 500 or 1250.50")
        }
        let updated = try await storage.agents.adjust(agent.id, fastags: 0, wallet: paise)
        print("agent \(updated.id) wallet: \(Money.rupees(updated.walletBalancePaise))")
    }

    private static func setTags(_ arguments: [String], _ storage: Storage) async throws {
        guard arguments.count == 2, let count = Int64(arguments[1]), count >= 0 else {
            throw UsageError("expected AGENT COUNT")
        }
        let agent = try await find(arguments[0], storage)
        var changes = AgentChanges()
        changes.fastagsLeft = count
        let updated = try await storage.agents.update(agent.id, changes)
        print("agent \(updated.id) FASTags left: \(updated.fastagsLeft)")
    }

    /// An agent by id, or by mobile number in any accepted form.
    private static func find(_ reference: String, _ storage: Storage) async throws -> Agent {
        if let id = Int64(reference), reference.count < 10, let agent = try await storage.agents.get(id) {
            return agent
        }
        if let mobile = try? Validators.mobile(reference), let agent = try await storage.agents.find(mobile: mobile) {
            return agent
        }
        throw UsageError("no agent \(reference)")
    }

    private static func check<T>(_ body: () throws(InvalidInput) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw UsageError(error.reason)
        }
    }

    /// `--name value` and `--name=value` pairs.
    private static func parseOptions(_ arguments: [String], allowed: Set<String>) throws -> [String: String] {
        var options: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else { throw UsageError("unexpected '\(argument)'") }
            let parts = argument.dropFirst(2).split(separator: "=", maxSplits: 1).map(String.init)
            guard let name = parts.first, allowed.contains(name) else {
                throw UsageError("unknown option '\(argument)'")
            }
            if parts.count == 2 {
                options[name] = parts[1]
            } else {
                index += 1
                guard index < arguments.count else { throw UsageError("--\(name) needs a value") }
                options[name] = arguments[index]
            }
            index += 1
        }
        return options
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
