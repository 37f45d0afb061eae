import Testing

@testable import FastagBot

@Suite struct RandomIDTests {
    @Test func idsAreLowercaseVersion4UUIDsAndDoNotRepeat() {
        let ids = (0..<10_000).map { _ in RandomID.uuid() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            let groups = id.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
            #expect(groups == [8, 4, 4, 4, 12], "\(id)")
            #expect(id.allSatisfy { "0123456789abcdef-".contains($0) }, "\(id)")
            #expect(Array(id)[14] == "4", "version nibble of \(id)")
            #expect("89ab".contains(Array(id)[19]), "variant nibble of \(id)")
        }
    }
}
