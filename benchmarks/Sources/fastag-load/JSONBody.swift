import HTTPServerKit

/// Request bodies of the load tool: flat JSON objects of strings and integers, their
/// strings quoted by the product's own escaper. Not Foundation's serializer: for a 200 KB
/// photo it costs more than the bot's whole answer.
enum JSONBody {
    static func object(_ fields: [String: Any]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            if let number = value as? Int {
                out.append(contentsOf: String(number).utf8)
            } else {
                JSONText.appendQuoted("\(value)", to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
