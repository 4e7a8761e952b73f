public import AssayStatistics
import Foundation

extension RouteCandidate {
    /// What the routing policy showed about this model, in one sentence that states its bound, for the
    /// reports and the console. Each bound is one-sided at 1 − α/k (`CategoryRoute.comparisonAlpha`), so
    /// that the category's decisions to give traffic hold together at 1 − α.
    public func verdict(in route: CategoryRoute) -> String {
        let level = "one-sided \(RouteCandidate.percent(1 - route.comparisonAlpha)) bound"
        let held = heldBack ? "; held back: the held-out check failed, so the traffic stays on the reference" : ""
        switch (decision, route.mode) {
        case (.reference, .nonInferiority(let margin)):
            var text = "the reference (the dearest model no other is shown better than): the default that keeps the traffic unless another model is shown good enough"
            if referenceShownGoodEnough, let loss {
                text += "; itself shown within \(ReportFormat.points(margin)) of every routable model: loses at most \(ReportFormat.points(max(0, loss.upper))) to \(loss.reference) (\(level))"
            } else if let loss {
                text += "; not itself shown within \(ReportFormat.points(margin)): may lose up to \(ReportFormat.points(loss.upper)) to \(loss.reference) (\(level))"
            }
            return text
        case (.reference, .value):
            return "the reference (the dearest model no other is shown better than): the default that keeps the traffic unless another model is shown to add net value"
        case (.excluded, _):
            if answered == 0 { return "not routed to: no call answered" }
            if costPerTask == nil { return "not routed to: cost unknown" }
            if !withinLatencyLimit { return "not routed to: p95 latency above the limit" }
            if !meetsGoodput { return "not routed to: goodput below the minimum" }
            return "not routed to"
        case (.dominated, _):
            guard let by = dominatedBy else { return "off the cost frontier" }
            return dominanceShown
                ? "dominated: \(by) is no dearer and shown better (\(level))"
                : "off the cost frontier: \(by) is no dearer and scored at least as well (point estimates)"
        case (.admitted, .nonInferiority(let margin)):
            guard let loss else { return "shown within \(ReportFormat.points(margin)) of every routable model" + held }
            return "shown within \(ReportFormat.points(margin)) of every routable model: loses at most \(ReportFormat.points(max(0, loss.upper))) to \(loss.reference) (\(level))" + held
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
            guard let gain else { return "shown to add net value" + held }
            return "shown to add net value over \(gain.reference): at least \(ReportFormat.usd(gain.lower)) per task (\(level))" + held
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
        guard let more = moreCasesNeeded else { return "; at the observed gap, which equals the margin, no number of cases decides it" }
        return more.atLeast
            ? "; more than \(more.count) more cases would be needed to decide it"
            : "; about \(more.count) more cases would decide it"
    }

    /// "99%", "99.75%".
    static func percent(_ fraction: Double) -> String {
        let value = fraction * 100
        let text = String(format: "%.2f", value)
        return (text.hasSuffix("00") ? String(format: "%.0f", value) : text.hasSuffix("0") ? String(format: "%.1f", value) : text) + "%"
    }
}
