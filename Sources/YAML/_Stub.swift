public struct YAMLLimits: Sendable { public init() {} }
public enum YAMLParser { public static func parse(_ bytes: [UInt8], limits: YAMLLimits = YAMLLimits()) throws(YAMLError) -> [Node] { [] } }
