import Foundation
import Glibc

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

    init(bot: BotOptions, seconds: Double, options: Options) {
        botOptions = bot
        self.seconds = seconds
        self.options = options
    }

    func run() throws {
        let bot = try BotProcess(
            botOptions, environment: ["ADMIN_TOKEN": Self.adminToken, "STEP_API_TOKEN": Self.stepToken])
        self.bot = bot
        defer { bot.stop(keepingFiles: options.keepFiles) }
        let port = bot.port
        print("server on port \(port), database \(bot.directory)/load.db, synchronous=\(botOptions.synchronous)")

        let setupStart = Date()
        let admin = BlockingHTTPClient(port: port)
        var sessions: [(mobile: String, session: String, tags: [String])] = []
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
            var tags: [String] = []
            for number in 0..<options.tagsPerAgent {
                let tag = "LD\(index)-\(String(format: "%06d", number))"
                let (status, _) = try post(
                    admin, "/fastags/", ["tag_number": tag, "agent_id": agentID], token: Self.adminToken, bearer: true)
                guard status == 201 else { throw failure("creating tag \(tag): \(status)") }
                tags.append(tag)
            }
            sessions.append((mobile, try login(admin, mobile: mobile), tags))
        }
        print(
            "setup: \(options.agents) agents, \(options.agents * options.tagsPerAgent) tags, logged in, in "
                + String(format: "%.1f s", Date().timeIntervalSince(setupStart)))

        // Every agent is logged in: the log is only drained from now on.
        bot.dropLog()
        let image = JPEGSized(kilobytes: options.imageKB)
        let deadline = Date().addingTimeInterval(seconds)
        let started = Date()
        let group = DispatchGroup()
        for (mobile, session, tags) in sessions {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                agentLoop(port: port, mobile: mobile, session: session, tags: tags, image: image, until: deadline)
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        let elapsed = Date().timeIntervalSince(started)
        report(elapsed: elapsed)
    }

    // MARK: - One agent

    private func agentLoop(
        port: Int, mobile: String, session: String, tags: [String], image: JPEGSized, until deadline: Date
    ) {
        let client = BlockingHTTPClient(port: port)
        var session = session
        var tagIndex = 0
        while Date() < deadline && tagIndex < tags.count {
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

    /// One whole assign flow; returns the session to continue in (the successor).
    private func flow(_ client: BlockingHTTPClient, session: String, vehicle: String, tag: String, image: JPEGSized)
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

    private func step(_ client: BlockingHTTPClient, _ name: String, _ session: String, _ fields: [String: Any]) throws
        -> [String: Any]
    {
        var body = fields
        body["session_id"] = session
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
        let n = nextVehicle
        let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        let series = "\(letters[(n / 10000) % letters.count])\(letters[(n / 240000) % letters.count])"
        return "MH\(String(format: "%02d", 1 + (n / 5_760_000) % 99))\(series)\(String(format: "%04d", n % 10000))"
    }

    // MARK: - Report

    private func report(elapsed: Double) {
        print(
            String(
                format: "%d complete flows in %.1f s: %.1f flows/s with %d agents", flows, elapsed,
                Double(flows) / elapsed, options.agents))
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

    private func failure(_ text: String) -> BlockingHTTPClient.Failure {
        BlockingHTTPClient.Failure(description: text)
    }
}
