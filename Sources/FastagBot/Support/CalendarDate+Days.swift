/// Days as numbers, for ranges of India days (the console's statistics).
extension CalendarDate {
    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    var daysSinceEpoch: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = Int64((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1)
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `days` later (earlier when negative).
    package func adding(days: Int) -> CalendarDate {
        CalendarDate(indiaTimeAt: (daysSinceEpoch + Int64(days)) * 86_400_000)
    }

    /// Midnight starting this day in India (UTC+05:30), as Unix milliseconds.
    var indiaMidnight: Int64 { daysSinceEpoch * 86_400_000 - 19_800_000 }

    /// The day whose number since 1970-01-01 is `days`.
    init(daysSinceEpoch days: Int64) { self.init(indiaTimeAt: days * 86_400_000) }

    /// `YYYY-MM-DD`, as the API takes it; nil when malformed or not a real day.
    package init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].utf8.count == 4, parts[1].utf8.count == 2, parts[2].utf8.count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 &- 0x30 < 10 } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`.
    package var iso: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + (month < 10 ? "-0" : "-") + "\(month)"
            + (day < 10 ? "-0" : "-") + "\(day)"
    }
}
