/// The `code` label of `chat_delivery_failures_total`: the channel error codes an operator
/// acts on, each as itself (protocols/whatsapp-cloud-api.md sections 7 and 11), and
/// "other" for any other code or none, so that no webhook can make `/metrics` grow.
enum DeliveryFailureCode {
    static let known: Set<Int64> = [
        130429,  // throughput exceeded
        131000,  // something went wrong
        131009,  // parameter value not valid
        131026,  // message undeliverable
        131047,  // re-engagement: the 24-hour window is closed
        131049,  // not delivered to keep engagement healthy
        131051,  // unsupported message type
        131053,  // media upload error
        131056,  // pair rate limit
        132000,  // template parameter count
        132001,  // template does not exist
    ]

    static func label(_ code: Int64?) -> String {
        guard let code, known.contains(code) else { return "other" }
        return String(code)
    }
}
