/// Durations as the reports state them.
extension Duration {
    /// The duration in milliseconds, as a Double.
    public var milliseconds: Double {
        let c = components
        return Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15
    }
}
