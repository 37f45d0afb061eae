/// The product's name and version, shown by `GET /` and `--version`.
package enum FastagBotInfo {
    package static let name = "fastag-bot"
    package static let version = "0.1.0"
}
