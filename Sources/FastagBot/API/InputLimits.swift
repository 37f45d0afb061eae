/// The bounds the API holds money and counts to, written once: the validators and the
/// schemas of `/openapi.json` both read them. They are what a FASTag business needs with
/// plenty of room, and far enough from Int64's end that adding a few never overflows.
enum InputLimits {
    /// ₹1 crore: the most a wallet or a tag may hold.
    static let balancePaise: ClosedRange<Int64> = 0...1_000_000_000
    /// ₹1 lakh: the most one recharge or activation credits.
    static let creditPaise: Int64 = 10_000_000
    /// FASTags an agent may be given at once.
    static let fastagCount: ClosedRange<Int64> = 0...100_000
    /// Stored row ids (SQLite's INTEGER PRIMARY KEY).
    static let id: ClosedRange<Int64> = 1...Int64.max
    /// Items a listing may skip: far beyond any table here, so a page past the end is simply empty.
    static let listOffset: ClosedRange<Int64> = 0...1_000_000_000
    /// Items per page of a listing.
    static let listLimit: ClosedRange<Int64> = 1...500
    /// Characters (Unicode scalars, as JSON Schema's maxLength counts) of a free-text field.
    static let textLength = 64
    /// Characters of a note kept with a FASTag transaction.
    static let noteLength = 500
    /// Characters of a name (CONVERSATION.md section 5: 1-50).
    static let nameLength = 50
}
