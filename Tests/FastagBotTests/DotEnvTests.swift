import FastagBot
import Testing

@Suite struct DotEnvTests {
    @Test func parsesCommentsQuotesExportAndInlineComments() throws {
        let text = """
            # a comment
            PORT=8001

            export HOST=0.0.0.0
            SECRET_KEY="a b # not a comment \\"quoted\\" \\n"
            TOKEN='literal \\n $x'
            LOG_LEVEL=debug # trailing comment
            EMPTY=
              INDENTED = spaced value
            WINDOWS=crlf\r
            """
        let entries = try DotEnv.parse(text)
        let values = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        #expect(values["PORT"] == "8001")
        #expect(values["HOST"] == "0.0.0.0")
        #expect(values["SECRET_KEY"] == "a b # not a comment \"quoted\" \n")
        #expect(values["TOKEN"] == "literal \\n $x")
        #expect(values["LOG_LEVEL"] == "debug")
        #expect(values["EMPTY"] == "")
        #expect(values["INDENTED"] == "spaced value")
        #expect(values["WINDOWS"] == "crlf")
        #expect(
            entries.map(\.key) == ["PORT", "HOST", "SECRET_KEY", "TOKEN", "LOG_LEVEL", "EMPTY", "INDENTED", "WINDOWS"])
    }

    @Test func refusesBrokenLinesWithTheirNumber() {
        #expect(throws: DotEnv.ParseError(line: 2, reason: "expected KEY=VALUE")) {
            try DotEnv.parse("A=1\nnot a setting\n")
        }
        #expect(throws: DotEnv.ParseError(line: 1, reason: "missing closing \"")) {
            try DotEnv.parse("A=\"open")
        }
        #expect(throws: DotEnv.ParseError(line: 1, reason: "'1A' is not a valid setting name")) {
            try DotEnv.parse("1A=x")
        }
    }
}
