/// Dates as agents type them: `05-03-1990`, `5/3/1990`, `1990-03-05`, `5 Mar 1990`,
/// `March 5, 1990`, `5th March 1990`, `०५-०३-१९९०`, `5 मार्च 1990`, and a two-digit year
/// where only one century makes sense. Always day before month when both are numbers (India's order).
extension Validators {
    static let dateForm = "Please send the date as DD-MM-YYYY, for example 05-03-1990."
    static let fullYear = "Please send the year in full (4 digits), for example 05-03-1990."
    static let fullYearOfBirth = "Please send the year of birth in full (4 digits), for example 05-03-1990."
    static let tooYoungOrOld = "The customer must be between 18 and 100 years old. Please check the date of birth."

    /// A real date with a four-digit year.
    static func date(_ text: String) throws(InvalidInput) -> CalendarDate {
        let typed = try typedDate(text)
        guard !typed.shortYear else { throw InvalidInput(fullYear) }
        return try real(typed, year: typed.year, text)
    }

    /// A date of birth for an adult customer: age 18 to 100 on `today`. A two-digit year
    /// counts only when exactly one of 19yy and 20yy gives such an age (none ever both).
    static func dateOfBirth(_ text: String, today: CalendarDate) throws(InvalidInput) -> CalendarDate {
        let typed = try typedDate(text)
        func adult(_ date: CalendarDate) -> Bool { date <= today && (18...100).contains(date.years(until: today)) }
        guard typed.shortYear else {
            let date = try real(typed, year: typed.year, text)
            guard adult(date) else { throw InvalidInput(tooYoungOrOld) }
            return date
        }
        let dates = [1900, 2000].compactMap {
            CalendarDate(year: $0 + typed.year, month: typed.month, day: typed.day)
        }
        guard !dates.isEmpty else { throw notReal(text) }
        let adults = dates.filter(adult)
        guard adults.count == 1 else { throw InvalidInput(fullYearOfBirth) }
        return adults[0]
    }

    /// An expiry date strictly after `today`; a two-digit year is 20yy.
    static func expiryDate(_ text: String, today: CalendarDate) throws(InvalidInput) -> CalendarDate {
        let typed = try typedDate(text)
        let date = try real(typed, year: typed.shortYear ? 2000 + typed.year : typed.year, text)
        guard date > today else { throw InvalidInput("This document has expired. Please use a valid ID proof.") }
        return date
    }

    // MARK: - Reading

    /// A date as typed, its year as written.
    struct TypedDate: Equatable {
        var day: Int
        var month: Int
        var year: Int
        /// The year was written with two digits (`90`).
        var shortYear: Bool
    }

    private static func real(_ typed: TypedDate, year: Int, _ text: String) throws(InvalidInput) -> CalendarDate {
        guard let date = CalendarDate(year: year, month: typed.month, day: typed.day) else { throw notReal(text) }
        return date
    }

    private static func notReal(_ text: String) -> InvalidInput {
        InvalidInput("\(text.trimming(" \t\n")) is not a real date. Please send it as DD-MM-YYYY.")
    }

    /// Day, month and year in one of the accepted orders, or the form expected.
    static func typedDate(_ text: String) throws(InvalidInput) -> TypedDate {
        let refusal = InvalidInput(dateForm)
        guard let parts = DateParts(asciiDigits(text)), parts.numbers.count + parts.months.count == 3 else {
            throw refusal
        }
        let numbers = parts.numbers
        let typed: TypedDate?
        switch (parts.months.count, parts.monthAt) {
        case (0, _):
            // All numbers: one separator throughout (05-03-1990, 1990/03/05, 05 03 1990).
            guard Set(parts.separators).count == 1, numbers.allSatisfy({ !$0.ordinal }) else { throw refusal }
            typed =
                numbers[0].width == 4
                ? TypedDate(numbers[2], numbers[1].value, numbers[0])
                : TypedDate(numbers[0], numbers[1].value, numbers[2])
        case (1, 1?):
            // 5 Mar 1990, 05-mar-90, 5th March 1990, 1990-Mar-05.
            typed =
                numbers[0].width == 4
                ? TypedDate(numbers[1], parts.months[0], numbers[0])
                : TypedDate(numbers[0], parts.months[0], numbers[1])
        case (1, 0?):
            // March 5, 1990.
            typed = TypedDate(numbers[0], parts.months[0], numbers[1])
        default:
            typed = nil
        }
        guard let typed else { throw refusal }
        return typed
    }
}

extension Validators.TypedDate {
    /// Nil unless the day has 1-2 digits and the year 2 or 4 (no ordinal on the year).
    fileprivate init?(_ day: DateParts.Number, _ month: Int, _ year: DateParts.Number) {
        guard (1...2).contains(day.width), year.width == 2 || year.width == 4, !year.ordinal else { return nil }
        self.init(day: day.value, month: month, year: year.value, shortYear: year.width == 2)
    }

    fileprivate init?(_ day: DateParts.Number, _ month: DateParts.Number, _ year: DateParts.Number) {
        guard (1...2).contains(month.width), !month.ordinal else { return nil }
        self.init(day, month.value, year)
    }
}

/// The pieces of a typed date: numbers (with their width, `5th` marked as an ordinal),
/// month words, and the separators between them. Nil for any other character.
private struct DateParts {
    struct Number {
        var value: Int
        var width: Int
        var ordinal: Bool
    }

    var numbers: [Number] = []
    var months: [Int] = []
    /// Where the month word stands among the three parts.
    var monthAt: Int?
    /// Each separator run between two parts, spaces around a mark dropped (" - " is "-").
    var separators: [String] = []

    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]

    /// The months in Hindi, in their common spellings (Swift compares strings by canonical
    /// equivalence, so a precomposed फ़ is the same key as फ and a nukta).
    static let hindiMonthNames: [String: Int] = [
        "जनवरी": 1, "फरवरी": 2, "फ़रवरी": 2, "मार्च": 3, "अप्रैल": 4, "अप्रेल": 4, "मई": 5, "जून": 6, "जुलाई": 7, "अगस्त": 8,
        "सितंबर": 9, "सितम्बर": 9, "अक्टूबर": 10, "अक्तूबर": 10, "नवंबर": 11, "नवम्बर": 11, "दिसंबर": 12,
        "दिसम्बर": 12,
    ]

    /// `jan`, `janu`, `january`, `sept`: three letters or more of a month's English name; or
    /// its Hindi name.
    static func month(_ word: String) -> Int? {
        if let month = hindiMonthNames[word] { return month }
        guard word.count >= 3 else { return nil }
        return monthNames.firstIndex { $0.hasPrefix(word) }.map { $0 + 1 }
    }

    init?(_ text: String) {
        let scalars = Array(text.trimming(" \t\n").lowercased().unicodeScalars)
        var index = 0
        var separator = ""
        var parts = 0
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
        // Latin letters, and Devanagari's (its digits were made ASCII; the dandas are not letters).
        func isLetter(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar)
                || ((0x900...0x97F).contains(scalar.value) && !(0x964...0x965).contains(scalar.value))
        }
        func run(_ test: (Unicode.Scalar) -> Bool) -> String {
            var result = ""
            while index < scalars.count, test(scalars[index]) {
                result.unicodeScalars.append(scalars[index])
                index += 1
            }
            return result
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if " \t-/.,".unicodeScalars.contains(scalar) {
                guard parts > 0 else { return nil }
                separator.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            if parts > 0 {
                let mark = separator.filter { $0 != " " && $0 != "\t" }
                separators.append(mark.isEmpty ? (separator.isEmpty ? "" : " ") : mark)
                separator = ""
            }
            if isDigit(scalar) {
                let digits = run(isDigit)
                guard digits.count <= 4, let value = Int(digits) else { return nil }
                var number = Number(value: value, width: digits.count, ordinal: false)
                let save = index
                if ["st", "nd", "rd", "th"].contains(run(isLetter)) { number.ordinal = true } else { index = save }
                numbers.append(number)
            } else if isLetter(scalar) {
                let word = run(isLetter)
                // "5th of March": the filler word is no part.
                if word == "of" {
                    if parts > 0 { separators.removeLast() }
                    continue
                }
                guard let month = Self.month(word), months.isEmpty else { return nil }
                months.append(month)
                monthAt = parts
            } else {
                return nil
            }
            parts += 1
        }
        guard separator.isEmpty else { return nil }
    }
}
