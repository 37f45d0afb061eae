import Foundation
import FoundationNetworking
import Glibc

/// How fast URLSession, configured as the bot's outgoing client configures it (ephemeral, no
/// cache, N connections per host), can send a WhatsApp reply: N requests in flight at once
/// for S seconds, against the fake Graph API in this process or any URL given. The bot's
/// client adds a deadline timer per request, which measured no different (PERFORMANCE.md).
final class URLSessionLoadTest: Sendable {
    struct Options {
        var connections = 64
        var url: String?
    }

    let seconds: Double
    let options: Options

    init(seconds: Double, options: Options) {
        self.seconds = seconds
        self.options = options
    }

    func run() async throws {
        let graph = FakeGraph()
        try graph.start()
        let target = options.url ?? "\(graph.apiURL)/\(WebhookLoadTest.phoneNumberID)/messages"
        guard let url = URL(string: target) else { throw BlockingHTTPClient.Failure(description: "bad URL \(target)") }
        print("POST \(target) from \(options.connections) tasks for \(seconds) s")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = options.connections
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        let session = URLSession(configuration: configuration)
        let body = Data(
            #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"919000000001","type":"text","text":{"body":"Please enter your registered mobile number."}}"#
                .utf8)
        let cpuBefore = Self.cpuSeconds()
        let started = DispatchTime.now().uptimeNanoseconds
        let deadline = started + UInt64(seconds * 1e9)
        let (done, failed) = await withTaskGroup(of: (Int, Int).self) { group in
            for _ in 0..<options.connections {
                group.addTask {
                    var done = 0
                    var failed = 0
                    while DispatchTime.now().uptimeNanoseconds < deadline {
                        var request = URLRequest(url: url)
                        request.httpMethod = "POST"
                        request.setValue("Bearer \(WebhookLoadTest.accessToken)", forHTTPHeaderField: "Authorization")
                        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                        request.httpBody = body
                        request.timeoutInterval = 10
                        if let (_, response) = try? await session.data(for: request),
                            (response as? HTTPURLResponse)?.statusCode == 200
                        {
                            done += 1
                        } else {
                            failed += 1
                        }
                    }
                    return (done, failed)
                }
            }
            return await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let cpu = Self.cpuSeconds() - cpuBefore
        print(
            String(
                format: "%d requests answered 200 in %.1f s: %.0f/s; %d failed; this process used %.0f%% CPU "
                    + "(%.0f µs per request, the fake Graph API included when it is the target)",
                done, elapsed, Double(done) / elapsed, failed, 100 * cpu / elapsed, cpu * 1e6 / Double(max(1, done))))
        await graph.stop()
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
