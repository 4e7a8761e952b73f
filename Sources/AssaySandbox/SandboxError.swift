/// The sandbox cannot be used.
public struct SandboxError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
