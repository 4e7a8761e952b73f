/// What "good enough to take traffic from the best model" means.
public enum RoutingMode: Sendable, Hashable {
    /// Non-inferiority: the quality loss against every model is shown below the margin.
    case nonInferiority(margin: Double)
    /// Value: the net value `V·Q − C` is shown above that of every better model, V being what one
    /// correct answer is worth (USD).
    case value(perSuccess: Double)

    public var name: String {
        switch self {
        case .nonInferiority: "non-inferiority"
        case .value: "value"
        }
    }
}
