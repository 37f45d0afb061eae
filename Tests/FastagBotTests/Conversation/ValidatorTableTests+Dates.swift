import Testing

@testable import FastagBot

/// Dates as agents type them (CONVERSATION.md section 5 and issue 13): every accepted form,
/// the two-digit years that are unambiguous, and the exact refusal of the rest.
extension ValidatorTableTests {
    /// What a validator made of a text: the date as stored (DD-MM-YYYY), or the refusal.
    static func outcome(_ validate: () throws(InvalidInput) -> CalendarDate) -> String {
        do {
            return try validate().description
        } catch {
            return error.reason
        }
    }

    static let dateForm = "Please send the date as DD-MM-YYYY, for example 05-03-1990."
    static let fullYear = "Please send the year in full (4 digits), for example 05-03-1990."
    static let fullYearOfBirth = "Please send the year of birth in full (4 digits), for example 05-03-1990."
    static let ageRange = "The customer must be between 18 and 100 years old. Please check the date of birth."
    static let expired = "This document has expired. Please use a valid ID proof."

    /// Any date (`Validators.date`): text and what comes of it.
    static let dates: [(String, String)] = [
        ("05-03-1990", "05-03-1990"),
        ("05/03/1990", "05-03-1990"),
        ("05.03.1990", "05-03-1990"),
        ("5-3-1990", "05-03-1990"),
        ("5/3/1990", "05-03-1990"),
        (" 05-03-1990 ", "05-03-1990"),
        ("05 03 1990", "05-03-1990"),
        ("05 - 03 - 1990", "05-03-1990"),
        ("1990-03-05", "05-03-1990"),
        ("1990/3/5", "05-03-1990"),
        ("5 Mar 1990", "05-03-1990"),
        ("5 mar 1990", "05-03-1990"),
        ("05-mar-1990", "05-03-1990"),
        ("05-MAR-1990", "05-03-1990"),
        ("5th March 1990", "05-03-1990"),
        ("5th of March, 1990", "05-03-1990"),
        ("March 5, 1990", "05-03-1990"),
        ("march 5 1990", "05-03-1990"),
        ("Mar 5th, 1990", "05-03-1990"),
        ("1990-Mar-05", "05-03-1990"),
        ("5march1990", "05-03-1990"),
        ("1st Jan 2000", "01-01-2000"),
        ("22nd Sept 1985", "22-09-1985"),
        ("23rd Dec 1999", "23-12-1999"),
        ("31 December 1999", "31-12-1999"),
        ("29 Feb 2024", "29-02-2024"),
        ("०५-०३-१९९०", "05-03-1990"),
        ("५ मार्च १९९०", "05-03-1990"),
        ("15 फ़रवरी 1990", "15-02-1990"),
        ("15 फरवरी 1990", "15-02-1990"),
        ("१ सितंबर २०००", "01-09-2000"),
        ("५ Mar १९९०", "05-03-1990"),
        ("૦૫/૦૩/૧૯૯૦", "05-03-1990"),
        // Refused, with the form expected.
        ("05031990", dateForm),
        ("05-03", dateForm),
        ("", dateForm),
        ("aa-bb-cccc", dateForm),
        ("+5-03-1990", dateForm),
        ("05-03/1990", dateForm),
        ("05-03-199", dateForm),
        ("005-03-1990", dateForm),
        ("5 Ma 1990", dateForm),
        ("5 Mar", dateForm),
        ("Mar 1990", dateForm),
        ("5 Mar Apr 1990", dateForm),
        ("1990 5 Mar", dateForm),
        ("5th-3-1990", dateForm),
        ("5-3rd-1990", dateForm),
        ("5 March 1990th", dateForm),
        ("05-03-1990.", dateForm),
        ("-05-03-1990", dateForm),
        ("tomorrow", dateForm),
        // Real dates only.
        ("31-04-2024", "31-04-2024 is not a real date. Please send it as DD-MM-YYYY."),
        ("31 Apr 2024", "31 Apr 2024 is not a real date. Please send it as DD-MM-YYYY."),
        ("29-02-2023", "29-02-2023 is not a real date. Please send it as DD-MM-YYYY."),
        ("29-02-1900", "29-02-1900 is not a real date. Please send it as DD-MM-YYYY."),
        ("00-01-1990", "00-01-1990 is not a real date. Please send it as DD-MM-YYYY."),
        ("32-01-1990", "32-01-1990 is not a real date. Please send it as DD-MM-YYYY."),
        ("15-13-1990", "15-13-1990 is not a real date. Please send it as DD-MM-YYYY."),
        ("15-00-1990", "15-00-1990 is not a real date. Please send it as DD-MM-YYYY."),
        ("03-25-1990", "03-25-1990 is not a real date. Please send it as DD-MM-YYYY."),
        // A two-digit year needs to know what the date is for.
        ("05-03-90", fullYear),
        ("5 Mar 90", fullYear),
    ]

    @Test(arguments: dates)
    func date(_ example: (text: String, outcome: String)) {
        #expect(Self.outcome { () throws(InvalidInput) in try Validators.date(example.text) } == example.outcome)
    }

    /// Dates of birth on 21-09-2026: a two-digit year counts when one century only gives an
    /// age of 18 to 100.
    static let datesOfBirth: [(String, String)] = [
        ("05-03-1990", "05-03-1990"),
        ("5 Mar 1990", "05-03-1990"),
        ("05-03-90", "05-03-1990"),
        ("5/3/90", "05-03-1990"),
        ("05-mar-90", "05-03-1990"),
        ("०५-०३-९०", "05-03-1990"),
        ("05-03-05", "05-03-2005"),
        ("21-09-08", "21-09-2008"),
        ("05-03-30", "05-03-1930"),
        ("22-09-26", "22-09-1926"),
        ("29-02-00", "29-02-2000"),
        // 1925 is 101, 2025 is 1; 1910 is 116, 2010 is 16; 2008 is 17 tomorrow.
        ("05-03-25", fullYearOfBirth),
        ("05-03-10", fullYearOfBirth),
        ("22-09-08", fullYearOfBirth),
        ("29-02-01", "29-02-01 is not a real date. Please send it as DD-MM-YYYY."),
        ("22-09-2008", ageRange),
        ("05-03-1910", ageRange),
        ("05-03-2030", ageRange),
        ("05.03", dateForm),
    ]

    @Test(arguments: datesOfBirth)
    func dateOfBirth(_ example: (text: String, outcome: String)) {
        let outcome = Self.outcome { () throws(InvalidInput) in
            try Validators.dateOfBirth(example.text, today: Self.today)
        }
        #expect(outcome == example.outcome)
    }

    /// Expiry dates on 21-09-2026: a two-digit year is 20yy.
    static let expiries: [(String, String)] = [
        ("22-09-2026", "22-09-2026"),
        ("05-03-30", "05-03-2030"),
        ("5 Mar 30", "05-03-2030"),
        ("2031-01-15", "15-01-2031"),
        ("Jan 15, 2031", "15-01-2031"),
        ("१५/०१/३१", "15-01-2031"),
        ("22-09-26", "22-09-2026"),
        ("21-09-26", expired),
        ("05-03-25", expired),
        ("31-09-27", "31-09-27 is not a real date. Please send it as DD-MM-YYYY."),
        ("15/01", dateForm),
    ]

    @Test(arguments: expiries)
    func expiryDate(_ example: (text: String, outcome: String)) {
        let outcome = Self.outcome { () throws(InvalidInput) in
            try Validators.expiryDate(example.text, today: Self.today)
        }
        #expect(outcome == example.outcome)
    }

    @Test func impossibleDateIsNamed() {
        #expect(throws: InvalidInput("31-04-2024 is not a real date. Please send it as DD-MM-YYYY.")) {
            try Validators.date("31-04-2024")
        }
    }

    @Test func dateOfBirthAges() throws {
        let today = Self.today
        // 18 today: accepted; 18 tomorrow (17 today): refused.
        #expect(try Validators.dateOfBirth("21-09-2008", today: today) == CalendarDate(year: 2008, month: 9, day: 21))
        #expect(throws: InvalidInput.self) { try Validators.dateOfBirth("22-09-2008", today: today) }
        #expect(throws: InvalidInput.self) { try Validators.dateOfBirth("01-01-2010", today: today) }
        // 100 until the 101st birthday.
        #expect(try Validators.dateOfBirth("22-09-1925", today: today) == CalendarDate(year: 1925, month: 9, day: 22))
        #expect(try Validators.dateOfBirth("21-09-1926", today: today) == CalendarDate(year: 1926, month: 9, day: 21))
        #expect(throws: InvalidInput.self) { try Validators.dateOfBirth("21-09-1925", today: today) }
        #expect(throws: InvalidInput.self) { try Validators.dateOfBirth("01-01-1900", today: today) }
        // In the future.
        #expect(throws: InvalidInput.self) { try Validators.dateOfBirth("21-09-2030", today: today) }
        #expect(
            throws: InvalidInput("The customer must be between 18 and 100 years old. Please check the date of birth.")
        ) { try Validators.dateOfBirth("22-09-2008", today: today) }
    }

    @Test func dateOfBirthOnLeapDay() throws {
        // Born 29-02-2008: 18 on 01-03-2026 (28-02 is still 17).
        #expect(throws: InvalidInput.self) {
            try Validators.dateOfBirth("29-02-2008", today: CalendarDate(year: 2026, month: 2, day: 28)!)
        }
        #expect(
            try Validators.dateOfBirth("29-02-2008", today: CalendarDate(year: 2026, month: 3, day: 1)!)
                == CalendarDate(year: 2008, month: 2, day: 29))
    }

    @Test func expiryDates() throws {
        let today = Self.today
        #expect(try Validators.expiryDate("22-09-2026", today: today) == CalendarDate(year: 2026, month: 9, day: 22))
        #expect(try Validators.expiryDate("01-01-2035", today: today) == CalendarDate(year: 2035, month: 1, day: 1))
        #expect(throws: InvalidInput("This document has expired. Please use a valid ID proof.")) {
            try Validators.expiryDate("21-09-2026", today: today)
        }
        #expect(throws: InvalidInput.self) { try Validators.expiryDate("20-09-2026", today: today) }
        #expect(throws: InvalidInput.self) { try Validators.expiryDate("31-09-2027", today: today) }
    }
}
