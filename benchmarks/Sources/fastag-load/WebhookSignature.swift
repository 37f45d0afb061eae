import CLibcrypto

/// `X-Hub-Signature-256` as Meta sends it: `sha256=` and the hex HMAC-SHA256 of the raw
/// body under the app secret (whatsapp-cloud-api.md), from the system's libcrypto.
enum WebhookSignature {
    static func header(body: [UInt8], secret: String) -> String {
        let key = Array(secret.utf8)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = HMAC(EVP_sha256(), key, Int32(key.count), body, body.count, &digest, &length)
        let hex = Array("0123456789abcdef".utf8)
        return "sha256="
            + String(
                decoding: digest.prefix(Int(length)).flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0x0F)]] }, as: UTF8.self
            )
    }
}
