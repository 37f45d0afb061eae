import FastagBot

/// The channel secrets every chat test configures.
package enum ChatSecrets {
    package static let whatsappAppSecret = "whatsapp-app-secret-for-tests"
    package static let verifyToken = "verify-token-for-tests"
    package static let interaktWebhookSecret = "interakt-webhook-secret-for-tests"

    /// `sha256=<hex>` of `body`, computed here (not with the product's signing helper).
    package static func signature(_ body: [UInt8], secret: String) -> String {
        "sha256=" + Crypto.hex(Crypto.hmacSHA256(key: Array(secret.utf8), message: body))
    }
}
