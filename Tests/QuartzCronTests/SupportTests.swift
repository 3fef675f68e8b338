import Foundation
import Testing

@Suite struct SupportTests {
    @Test func instantsParseOffsetsAndRenderInUTC() throws {
        #expect(utc([try instant("2026-03-08T03:30:00-04:00")]) == ["2026-03-08T07:30:00Z"])
        #expect(utc([try instant("2026-10-25T02:30:00+02:00")]) == ["2026-10-25T00:30:00Z"])
    }
}
