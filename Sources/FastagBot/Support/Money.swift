/// Money is kept in integer paise and shown to agents as rupees with Indian digit
/// grouping: `₹1,250`, `₹1,250.50`, `₹12,50,000`.
package enum Money {
    package static func rupees(_ paise: Int64) -> String {
        let sign = paise < 0 ? "-" : ""
        let magnitude = paise.magnitude
        let whole = String(magnitude / 100)
        let fraction = magnitude % 100
        var grouped = ""
        if whole.count <= 3 {
            grouped = whole
        } else {
            let lastThree = whole.suffix(3)
            var rest = Array(whole.dropLast(3))
            var groups: [String] = []
            while rest.count > 2 {
                groups.insert(String(rest.suffix(2)), at: 0)
                rest.removeLast(2)
            }
            if !rest.isEmpty { groups.insert(String(rest), at: 0) }
            grouped = groups.joined(separator: ",") + "," + lastThree
        }
        let decimals = fraction == 0 ? "" : "." + (fraction < 10 ? "0" : "") + String(fraction)
        return "\(sign)₹\(grouped)\(decimals)"
    }

    /// Parses rupees as typed by an operator: `1250`, `1250.5`, `1,250.50`, `₹1250`.
    /// Nil for anything else, or more than two decimals.
    package static func paise(fromRupees text: String) -> Int64? {
        let cleaned = text.trimming(" \t").filter { $0 != "," && $0 != "₹" }
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy(\.isASCIIDigit),
            let whole = Int64(parts[0]), whole < 10_000_000_000
        else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else { return nil }
            fraction = Int64(digits)! * (digits.count == 1 ? 10 : 1)
        }
        return whole * 100 + fraction
    }

    /// `a + b`, or nil when the sum does not fit in 64 bits. Stored money and counts are
    /// added with this, never with `+`: a stored balance near `Int64.max` would otherwise
    /// trap and take the whole server down with it.
    static func sum(_ a: Int64, _ b: Int64) -> Int64? {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : result
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
