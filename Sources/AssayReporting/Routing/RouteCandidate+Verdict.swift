import AssayStatistics

extension RouteCandidate {
    /// What the routing policy showed about this model, in one sentence that states its bound, for the
    /// reports and the console. Bounds are simultaneous: the category's comparisons together hold at 1 − α.
    public func verdict(in route: CategoryRoute) -> String {
        let level = "\(Int(((1 - route.alpha) * 100).rounded()))% simultaneous bound"
        switch (decision, route.mode) {
        case (.reference, _):
            return "the reference (the dearest model no other is shown better than): keeps the traffic unless another model is shown good enough"
        case (.excluded, _):
            if costPerTask == nil { return "not routed to: cost unknown" }
            if !withinLatencyLimit { return "not routed to: p95 latency above the limit" }
            return "not routed to"
        case (.dominated, _):
            return dominatedBy.map { "dominated by \($0) (no dearer, at least as good)" } ?? "dominated on the cost frontier"
        case (.admitted, .nonInferiority(let margin)):
            guard let loss else { return "shown within \(ReportFormat.points(margin)) of every model" }
            return "shown within \(ReportFormat.points(margin)) of every model: loses at most \(ReportFormat.points(max(0, loss.upper))) to \(loss.reference) (\(level))"
        case (.rejected, .nonInferiority(let margin)):
            guard let loss else { return "shown worse by more than \(ReportFormat.points(margin))" }
            return "shown worse than \(loss.reference) by more than \(ReportFormat.points(margin)): loses at least \(ReportFormat.points(loss.lower)) (\(level))"
        case (.undecided, .nonInferiority(let margin)):
            var text = "not shown within \(ReportFormat.points(margin))"
            if let loss {
                text += ": may lose up to \(ReportFormat.points(loss.upper)) to \(loss.reference) (\(level))"
            }
            return text + neededText
        case (.admitted, .value):
            guard let gain else { return "shown to add net value" }
            return "shown to add net value over \(gain.reference): at least \(ReportFormat.usd(gain.lower)) per task (\(level))"
        case (.rejected, .value):
            guard let gain else { return "shown to lose net value" }
            return "shown to lose net value against \(gain.reference): at least \(ReportFormat.usd(-gain.upper)) per task (\(level))"
        case (.undecided, .value):
            var text = "not shown to add net value"
            if let gain {
                text += ": its gain over \(gain.reference) lies between \(ReportFormat.usd(gain.lower)) and \(ReportFormat.usd(gain.upper)) per task (\(level))"
            }
            return text + neededText
        }
    }

    private var neededText: String {
        guard let more = moreCasesNeeded else { return "; no number of cases decides it at the observed gap" }
        return "; about \(more) more cases would decide it"
    }
}
