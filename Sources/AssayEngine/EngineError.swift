/// A run could not be carried out (not a load error, not a failed gate).
public struct EngineError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
