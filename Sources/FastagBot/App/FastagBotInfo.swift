/// The product's name and version, shown by `GET /` and `--version`.
public enum FastagBotInfo {
    public static let name = "fastag-bot"
    public static let version = "0.1.0"
}
