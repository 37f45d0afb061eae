import Glibc
import Testing

@testable import FastagBot

@Suite struct RandomIDTests {
    @Test func idsAreLowercaseVersion7UUIDsThatDoNotRepeat() {
        let ids = (0..<10_000).map { _ in RandomID.uuid() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            let groups = id.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
            #expect(groups == [8, 4, 4, 4, 12], "\(id)")
            #expect(id.allSatisfy { "0123456789abcdef-".contains($0) }, "\(id)")
            #expect(Array(id)[14] == "7", "version nibble of \(id)")
            #expect("89ab".contains(Array(id)[19]), "variant nibble of \(id)")
        }
    }

    @Test func idsStartWithTheirMillisecondAndSortByIt() throws {
        let before = UInt64(time(nil)) * 1000
        let first = RandomID.uuid()
        usleep(2000)
        let second = RandomID.uuid()
        let after = UInt64(time(nil)) * 1000 + 1000
        let stamp = try #require(UInt64(String(first.filter { $0 != "-" }.prefix(12)), radix: 16))
        #expect((before...after).contains(stamp))
        #expect(first < second)
    }
}
