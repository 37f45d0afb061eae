import Foundation
import Glibc
import Synchronization

/// Simulated agents: each logs in once through the step API, then completes assign flows
/// back to back (with real-sized photos, each one different) until the time is up.
final class FlowLoadTest: @unchecked Sendable {
    struct Options {
        var agents = 32
        var imageKB = 150
        var tagsPerAgent = 400
        /// Leave the database and photos behind: deleting tens of thousands of files slows
        /// file creation on ext4 for minutes after (it skips recently freed inodes one by one),
        /// which would burden the next round of a benchmark.
        var keepFiles = false
        /// Flows started per second in all (0: every agent back to back). Each start takes the
        /// next slot of one shared schedule; an agent still busy when its slot comes starts late.
        var rate = 0.0
    }

    static let adminToken = "load-admin-token-000000000"
    static let stepToken = "load-step-token-0000000000"

    let botOptions: BotOptions
    let seconds: Double
    let options: Options
    private var bot: BotProcess?
    private let statsLock = NSLock()
    private var latencies: [String: [Double]] = [:]
    private var flows = 0
    private var failures: [String] = []
    private let vehicleCounter = NSLock()
    private var nextVehicle = 0
    /// The schedule of flow starts at `--rate`: the next slot's number, and starts more than
    /// 1 ms after their slot.
    private var nextSlot = 0
    private var lateStarts = 0
    private var scheduleStart: UInt64 = 0

    init(bot: BotOptions, seconds: Double, options: Options) {
        botOptions = bot
        self.seconds = seconds
        self.options = options
    }

    func run() throws {
        let group = try BotGroup(
            botOptions, environment: ["ADMIN_TOKEN": Self.adminToken, "STEP_API_TOKEN": Self.stepToken])
        defer { group.stop(keepingFiles: options.keepFiles) }
        // Agents log in through the first replica: its log has their OTPs.
        let bot = group.bots[0]
        self.bot = bot
        let port = bot.port
        print("servers on ports \(group.ports.map(String.init).joined(separator: ", ")), \(group.databaseDescription)")

        let setupStart = Date()
        let admin = BlockingHTTPClient(port: port)
        var agents: [(mobile: String, id: Int)] = []
        for index in 0..<options.agents {
            let mobile = String(7_000_000_000 + index)
            let (status, body) = try post(
                admin, "/agents/",
                [
                    "first_name": "Load", "last_name": "Agent", "mobile": mobile,
                    "wallet_balance_paise": 1_000_000_000, "fastags_left": 100_000,
                ], token: Self.adminToken, bearer: true)
            guard status == 201, let agentID = body["id"] as? Int else {
                throw failure("creating agent \(mobile): \(status)")
            }
            agents.append((mobile, agentID))
        }
        // Tags for all agents at once: one by one, each a durable commit, they would take long.
        let tags = try createTags(port: port, agents: agents.map(\.id))
        var sessions: [(mobile: String, session: String, tags: [String])] = []
        for (index, agent) in agents.enumerated() {
            sessions.append((agent.mobile, try login(admin, mobile: agent.mobile), tags[index]))
        }
        print(
            "setup: \(options.agents) agents, \(options.agents * options.tagsPerAgent) tags, logged in, in "
                + String(format: "%.1f s", Date().timeIntervalSince(setupStart)))

        // Every agent is logged in: the log is only drained from now on.
        for bot in group.bots { bot.dropLog() }
        // PostgreSQL publishes a busy backend's statistics about once a second.
        if group.database != nil { Thread.sleep(forTimeInterval: 1.5) }
        let serverBefore = try group.database?.counters()
        let serverCPUBefore = group.database?.cpuSeconds
        let botsCPUBefore = group.cpuSeconds
        let ownCPUBefore = Self.ownCPUSeconds()
        let image = JPEGSized(kilobytes: options.imageKB)
        let deadline = Date().addingTimeInterval(seconds)
        let started = Date()
        scheduleStart = DispatchTime.now().uptimeNanoseconds
        let running = DispatchGroup()
        let ports = group.ports
        for (index, (mobile, session, tags)) in sessions.enumerated() {
            running.enter()
            let thread = Thread { [self] in
                defer { running.leave() }
                agentLoop(
                    ports: ports, first: index, mobile: mobile, session: session, tags: tags, image: image,
                    until: deadline)
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        running.wait()
        let elapsed = Date().timeIntervalSince(started)
        var cpu = [
            ("fastag-bot", group.cpuSeconds - botsCPUBefore), ("fastag-load", Self.ownCPUSeconds() - ownCPUBefore),
        ]
        if let after = group.database?.cpuSeconds, let before = serverCPUBefore {
            cpu.insert(("PostgreSQL", after - before), at: 1)
        }
        report(elapsed: elapsed)
        reportCPU(cpu, replicas: group.bots.count)
        if let database = group.database, let before = serverBefore {
            // Stopped, the bots' connections end and publish their last statistics.
            for bot in group.bots { bot.stop(keepingFiles: true) }
            reportServer(try database.counters() - before, elapsed: elapsed)
        }
    }

    /// Creates every agent's tags, several agents at once; returns each agent's tag numbers.
    private func createTags(port: Int, agents: [Int]) throws -> [[String]] {
        let tags = agents.indices.map { index in
            (0..<options.tagsPerAgent).map { "LD\(index)-\(String(format: "%06d", $0))" }
        }
        let work = Mutex((remaining: Array(agents.indices), errors: [String]()))
        let workers = DispatchGroup()
        for _ in 0..<min(16, agents.count) {
            workers.enter()
            let thread = Thread { [self] in
                defer { workers.leave() }
                let client = BlockingHTTPClient(port: port)
                while let index = work.withLock({ $0.remaining.popLast() }) {
                    do {
                        for tag in tags[index] {
                            let (status, _) = try post(
                                client, "/fastags/", ["tag_number": tag, "agent_id": agents[index]],
                                token: Self.adminToken, bearer: true)
                            guard status == 201 else { throw failure("creating tag \(tag): \(status)") }
                        }
                    } catch {
                        work.withLock { $0.errors.append("\(error)") }
                        return
                    }
                }
            }
            thread.start()
        }
        workers.wait()
        if let error = work.withLock({ $0.errors.first }) { throw failure(error) }
        return tags
    }

    // MARK: - One agent

    /// Sends the agent's steps to the replicas in turn, as a round-robin load balancer would,
    /// starting with replica `first` (modulo their number).
    private func agentLoop(
        ports: [Int], first: Int, mobile: String, session: String, tags: [String], image: JPEGSized,
        until deadline: Date
    ) {
        let client = RoundRobin(ports.map { BlockingHTTPClient(port: $0) }, first: first)
        var session = session
        var tagIndex = 0
        while Date() < deadline && tagIndex < tags.count {
            if options.rate > 0 && !waitForSlot() { break }
            let vehicle = nextVehicleNumber()
            let tag = tags[tagIndex]
            tagIndex += 1
            do {
                session = try flow(client, session: session, vehicle: vehicle, tag: tag, image: image)
                statsLock.lock()
                flows += 1
                statsLock.unlock()
            } catch {
                statsLock.lock()
                failures.append("\(mobile): \(error)")
                statsLock.unlock()
                return
            }
        }
    }

    /// Takes the next start of the shared schedule and sleeps until it; false when it falls
    /// after the run's end.
    private func waitForSlot() -> Bool {
        let slot = statsLock.withLock {
            defer { nextSlot += 1 }
            return nextSlot
        }
        guard Double(slot) / options.rate < seconds else { return false }
        let due = scheduleStart + UInt64(Double(slot) * 1e9 / options.rate)
        let now = DispatchTime.now().uptimeNanoseconds
        if now < due {
            usleep(UInt32((due - now) / 1000))
        } else if now - due > 1_000_000 {
            statsLock.withLock { lateStarts += 1 }
        }
        return true
    }

    /// One whole assign flow; returns the session to continue in (the successor).
    private func flow(_ client: RoundRobin, session: String, vehicle: String, tag: String, image: JPEGSized)
        throws
        -> String
    {
        var answer = try step(client, "vehicle_number", session, ["vehicle_number": vehicle])
        answer = try step(client, "engine_number", session, ["engine_number": "E1234"])
        answer = try step(client, "user_mobile", session, ["user_mobile": "9123456780"])
        answer = try step(client, "user_otp", session, ["otp": "123456"])
        answer = try step(
            client, "user_info", session, ["first_name": "Asha", "last_name": "Patil", "dob": "05-03-1990"])
        answer = try step(client, "id_proof", session, ["id_type": "PAN", "id_number": "ABCPE1234F"])
        answer = try step(client, "plan", session, ["plan": "400 Plan"])
        for kind in ["rc_front", "rc_back", "vehicle_front", "vehicle_side", "tag_fixed"] {
            answer = try step(client, "upload_image", session, ["image_type": kind, "image_base64": image.next()])
        }
        answer = try step(client, "serial_number", session, ["serial_number": String(tag.suffix(4))])
        answer = try step(client, "barcode", session, ["barcode": tag])
        if (answer["data"] as? [String: Any])?["step"] as? String == "vehicle_maker" {
            answer = try step(client, "vehicle_maker", session, ["vehicle_maker": "TOYOTA"])
            answer = try step(client, "vehicle_model", session, ["vehicle_model": "INNOVA"])
            answer = try step(client, "vehicle_descriptor", session, ["vehicle_descriptor": "Diesel"])
        }
        answer = try step(client, "confirm", session, ["confirm": "Yes"])
        guard let next = answer["session_id"] as? String, (answer["message"] as? String)?.contains("Activated") == true
        else {
            throw failure("activation did not complete: \(answer)")
        }
        return next
    }

    private func step(_ clients: RoundRobin, _ name: String, _ session: String, _ fields: [String: Any]) throws
        -> [String: Any]
    {
        var body = fields
        body["session_id"] = session
        let client = clients.next()
        let start = DispatchTime.now().uptimeNanoseconds
        let (status, answer) = try post(client, "/fastags/assign/\(name)", body, token: Self.stepToken, bearer: false)
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        statsLock.lock()
        latencies[name, default: []].append(milliseconds)
        statsLock.unlock()
        guard status == 200, answer["status"] as? String == "success" else {
            throw failure("\(name): HTTP \(status) \(answer["message"] ?? "")")
        }
        return answer
    }

    // MARK: - Server and login

    /// Starts a login and reads the agent OTP the sandbox writes to the log.
    private func login(_ client: BlockingHTTPClient, mobile: String) throws -> String {
        let (_, started) = try post(
            client, "/agents/start", ["mobile_number": mobile], token: Self.stepToken, bearer: false)
        guard let session = started["session_id"] as? String else { throw failure("start: \(started)") }
        var otp: String?
        for _ in 0..<200 where otp == nil {
            otp = bot?.match(after: "otp=", until: " \n")
            if otp == nil { usleep(10_000) }
        }
        guard let otp else { throw failure("no OTP in the log for \(mobile)") }
        let (status, menu) = try post(
            client, "/agents/verify_otp", ["mobile_number": mobile, "otp": otp, "session_id": session],
            token: Self.stepToken, bearer: false)
        guard status == 200, menu["status"] as? String == "success", let next = menu["session_id"] as? String else {
            throw failure("verify_otp: \(menu)")
        }
        return next
    }

    private func post(_ client: BlockingHTTPClient, _ path: String, _ body: [String: Any], token: String, bearer: Bool)
        throws -> (Int, [String: Any])
    {
        let header = bearer ? ("Authorization", "Bearer \(token)") : ("X-API-Key", token)
        let (status, bytes) = try client.send(
            method: "POST", path: path, headers: [("Content-Type", "application/json"), header],
            body: JSONBody.object(body))
        let json = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
        return (status, json)
    }

    private func nextVehicleNumber() -> String {
        vehicleCounter.lock()
        defer { vehicleCounter.unlock() }
        nextVehicle += 1
        // Each series numbers its vehicles 0001-9999 (the bot refuses 0000).
        let n = nextVehicle - 1
        let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        let series = "\(letters[(n / 9999) % letters.count])\(letters[(n / 239_976) % letters.count])"
        return "MH\(String(format: "%02d", 1 + (n / 5_759_424) % 99))\(series)\(String(format: "%04d", 1 + n % 9999))"
    }

    // MARK: - Report

    private func report(elapsed: Double) {
        print(
            String(
                format: "%d complete flows in %.1f s: %.1f flows/s with %d agents (%@)", flows, elapsed,
                Double(flows) / elapsed, options.agents,
                options.rate > 0
                    ? String(format: "paced at %.0f flows/s, %d started late", options.rate, lateStarts)
                    : "back to back"))
        print("step".padding(toLength: 20, withPad: " ", startingAt: 0) + "     count    p50 ms    p99 ms    max ms")
        var all: [Double] = []
        for (name, values) in latencies.sorted(by: { $0.key < $1.key }) {
            let sorted = values.sorted()
            all += values
            print(
                name.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + String(
                        format: "%10d %9.2f %9.2f %9.2f", sorted.count, percentile(sorted, 0.5),
                        percentile(sorted, 0.99), sorted.last ?? 0))
        }
        let sorted = all.sorted()
        print(
            "all steps".padding(toLength: 20, withPad: " ", startingAt: 0)
                + String(
                    format: "%10d %9.2f %9.2f %9.2f", sorted.count, percentile(sorted, 0.5), percentile(sorted, 0.99),
                    sorted.last ?? 0))
        if !failures.isEmpty {
            print("\(failures.count) agent(s) stopped on an error; first: \(failures[0])")
        }
    }

    /// CPU seconds each part used during the measured run, per flow.
    private func reportCPU(_ parts: [(String, Double)], replicas: Int) {
        let count = Double(max(1, flows))
        let each = parts.map { String(format: "%@ %.0f µs", $0.0, $0.1 * 1e6 / count) }
        print(
            String(
                format: "CPU per flow: %@; total %.0f µs (%d replica(s); CPU seconds %@)",
                each.joined(separator: ", "), parts.reduce(0) { $0 + $1.1 } * 1e6 / count, replicas,
                parts.map { String(format: "%.1f", $0.1) }.joined(separator: "/")))
    }

    /// What PostgreSQL did during the measured run (and the bots' shutdown), per flow.
    private func reportServer(_ delta: PostgresRun.Counters, elapsed: Double) {
        let count = Double(max(1, flows))
        print(
            String(
                format: "PostgreSQL per flow: %.1f transactions committed (%.2f rolled back), %.0f WAL records, "
                    + "%.0f KB WAL, %.2f WAL flushes; per second: %.0f commits, %.0f WAL flushes",
                delta.commits / count, delta.rollbacks / count, delta.walRecords / count, delta.walBytes / count / 1024,
                delta.walSyncs / count, delta.commits / elapsed, delta.walSyncs / elapsed))
    }

    private static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private func failure(_ text: String) -> BlockingHTTPClient.Failure {
        BlockingHTTPClient.Failure(description: text)
    }
}

/// One client per replica, used in turn.
final class RoundRobin {
    private let clients: [BlockingHTTPClient]
    private var index: Int

    init(_ clients: [BlockingHTTPClient], first: Int) {
        self.clients = clients
        index = first % clients.count
    }

    func next() -> BlockingHTTPClient {
        defer { index = (index + 1) % clients.count }
        return clients[index]
    }
}
