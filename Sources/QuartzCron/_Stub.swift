import Foundation
public struct CronExpression: Sendable, Hashable {
    public static let fieldNames = ["second","minute","hour","day-of-month","month","day-of-week"]
    public var fields: [String]
    public init(_ expression: String) throws(CronError) { fields = expression.split(separator: " ").map(String.init); if fields.count != 6 { throw CronError(message: "expected 6 fields", fieldIndex: nil, offsetInField: 0, offset: 0) } }
    public init(fields: [String]) throws(CronError) { self.fields = fields }
    public func nextFireTimes(after date: Date, count: Int, in timeZone: TimeZone) -> [Date] { (1...max(1,count)).map { date.addingTimeInterval(Double($0) * 86400) } }
    public static func normalizedField(_ field: String) -> String { field.trimmingCharacters(in: .whitespaces).uppercased() }
}
public struct CronError: Error, Sendable, Equatable { public var message: String; public var fieldIndex: Int?; public var offsetInField: Int; public var offset: Int }
