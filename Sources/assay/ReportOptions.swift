import ArgumentParser
import AssayEngine

/// The gates and routing options that shape a run's reports, shared by `run` and `merge`.
struct ReportOptions: ParsableArguments {
    @Option(name: .customLong("fail-under"), help: "Fail (exit 100) when any suite × model pass rate is below RATE (0 to 1).")
    var failUnder: Double?

    @Option(name: .long, help: "Compare with a stored run (an id, latest or previous); exit 100 on a significant regression.")
    var baseline: String?

    @Option(name: .customLong("min-effect"), help: "The smallest pass-rate drop (0 to 1) that the baseline gate counts as a regression.")
    var minEffect: Double = 0.05

    @Option(name: .customLong("quality-weight"), help: "Routing utility weight of quality.")
    var qualityWeight: Double = 0.7

    @Option(name: .customLong("cost-weight"), help: "Routing utility weight of cost.")
    var costWeight: Double = 0.3

    @Option(name: .customLong("latency-weight"), help: "Routing utility weight of p95 latency.")
    var latencyWeight: Double = 0

    @Option(name: .customLong("max-p95-latency"), help: "Do not route to models whose p95 latency (ms) is above this.")
    var maxP95Latency: Double?

    @Option(name: .customLong("routing-baseline"), help: "The model that held-out routing savings are measured against (default: the best single model).")
    var routingBaseline: String?

    func validate() throws {
        if let failUnder, !(0...1).contains(failUnder) { throw ValidationError("--fail-under must be between 0 and 1, e.g. 0.8") }
        if !(0...1).contains(minEffect) { throw ValidationError("--min-effect must be between 0 and 1, e.g. 0.05") }
        if [qualityWeight, costWeight, latencyWeight].contains(where: { $0 < 0 }) || qualityWeight + costWeight + latencyWeight <= 0 {
            throw ValidationError("routing weights must be non-negative and not all zero")
        }
    }

    func apply(to config: inout RunConfiguration) {
        config.failUnder = failUnder
        config.baseline = baseline
        config.minEffect = minEffect
        config.routing.qualityWeight = qualityWeight
        config.routing.costWeight = costWeight
        config.routing.latencyWeight = latencyWeight
        config.routing.maxP95LatencyMs = maxP95Latency
        config.routing.baselineModel = routingBaseline
    }
}
