/// One call the engine made to the provider.
struct ProviderCall: Equatable, CustomStringConvertible {
    var name: String
    var arguments: [String: String]

    init(_ name: String, _ arguments: [String: String] = [:]) {
        self.name = name
        self.arguments = arguments
    }

    var description: String {
        "\(name)(\(arguments.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")))"
    }
}
