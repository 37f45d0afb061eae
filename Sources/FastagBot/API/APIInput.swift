/// Validators of fields only the API takes (the dialogue's answers are `Validators`), each
/// described in `/openapi.json` by a pattern of `InputPatterns` and a length of `InputLimits`.
enum APIInput {
    /// `Validators.name` on a text of at most 50 characters as sent: the spaces it collapses
    /// count too, so the schema's maxLength says exactly what is accepted.
    static func name(_ text: String) throws(InvalidInput) -> String {
        guard text.unicodeScalars.count <= InputLimits.nameLength else {
            throw InvalidInput("must be at most \(InputLimits.nameLength) characters")
        }
        return try Validators.name(text)
    }

    /// The agent's id at Shauryapay: the `agent_id` its login answers with
    /// (`protocols/shauryapay.md` 2.1), a number sent as a string there; letters, `-` and
    /// `_` are allowed too (the sandbox's demo agent is SBX-DEMO). It goes into every
    /// provider call, so nothing else is.
    static func shauryapayAgentID(_ text: String) throws(InvalidInput) -> String {
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            ("0"..."9").contains(scalar) || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
                || scalar == "-" || scalar == "_"
        }
        guard (1...32).contains(text.unicodeScalars.count), allowed else {
            throw InvalidInput("must be 1-32 letters, digits, '-' or '_', like 1042")
        }
        return text
    }

    /// Free text of at most `maxLength` characters (Unicode scalars, as maxLength counts).
    static func text(maxLength: Int) -> (String) throws(InvalidInput) -> String {
        { text throws(InvalidInput) in
            guard text.unicodeScalars.count <= maxLength else {
                throw InvalidInput("must be at most \(maxLength) characters")
            }
            return text
        }
    }
}
