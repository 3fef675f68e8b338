/// A failure to start or run the simulator (bad state file, port in use, ...).
public struct SimulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
