/// What the routing policy concluded about one model of a category.
public enum RouteDecision: String, Sendable, Hashable, CaseIterable {
    /// The reference: the dearest model that no other is shown better than. The traffic stays on it
    /// unless another model is shown good enough.
    case reference
    /// Shown good enough: within the margin of every model (non-inferiority), or a net value gain over
    /// every better model (value mode). May take traffic.
    case admitted
    /// Shown not good enough: worse by more than the margin than some model, or a net value loss.
    case rejected
    /// Not shown either way: the traffic stays on the reference and more cases would decide it.
    case undecided
    /// Off the cost frontier: a cheaper model is at least as good (point estimates).
    case dominated
    /// Not routable: no results, unknown cost, or above the latency limit.
    case excluded

    /// The decision as routing.json names it, in the mode's own words.
    public func name(in mode: RoutingMode) -> String {
        switch (self, mode) {
        case (.admitted, .nonInferiority): "non-inferior"
        case (.admitted, .value): "more-value"
        case (.rejected, .nonInferiority): "inferior"
        case (.rejected, .value): "less-value"
        default: rawValue
        }
    }
}
