import ArgumentParser
import AssayCore
import AssayEngine
import AssayReporting

/// The gates and routing options that shape a run's reports, shared by `run` and `merge`.
struct ReportOptions: ParsableArguments {
    @Option(name: .customLong("fail-under"), help: "Fail (exit 100) when any suite × model pass rate is below RATE (0 to 1).")
    var failUnder: Double?

    @Option(name: .long, help: "Compare with a stored run (an id, latest or previous); exit 100 on a significant regression.")
    var baseline: String?

    @Option(name: .customLong("min-effect"), help: "The smallest pass-rate drop (0 to 1) that the baseline gate counts as a regression.")
    var minEffect: Double = 0.05

    @Option(name: .customLong("max-quality-loss"), help: ArgumentHelp("The largest pass-rate loss (0 to 1) tolerated to move traffic from the best model to a cheaper one: a cheaper model takes traffic only when the one-sided upper confidence bound of its loss against every model is below this.", valueName: "fraction"))
    var maxQualityLoss: Double = RoutingOptions.defaultMaxQualityLoss

    @Option(name: .customLong("value-per-success"), help: ArgumentHelp("Value mode: what one correct answer is worth in US dollars; a model takes traffic from the best one only when the lower bound of its net value gain (value × pass rate − cost) is above 0.", valueName: "usd"))
    var valuePerSuccess: Double?

    @Option(name: .customLong("alpha"), help: "The error rate of each category's routing decision (divided among the candidates) and the significance level of the leaderboards' paired tests.")
    var alpha: Double = 0.05

    @Option(name: .customLong("quality-weight"), help: "Routing utility weight of quality.")
    var qualityWeight: Double = 0.7

    @Option(name: .customLong("cost-weight"), help: "Routing utility weight of cost.")
    var costWeight: Double = 0.3

    @Option(name: .customLong("latency-weight"), help: "Routing utility weight of p95 latency.")
    var latencyWeight: Double = 0

    @Option(name: .customLong("max-p95-latency"), help: "Do not route to models whose p95 latency (ms) is above this.")
    var maxP95Latency: Double?

    @Option(name: .long, help: ArgumentHelp("Serving objective for goodput: the share of live calls answered within every bound, e.g. ttft_ms=500,tpot_ms=40,e2e_ms=8000.", valueName: "bounds"))
    var slo: String?

    @Option(name: .customLong("min-goodput"), help: ArgumentHelp("Do not route to models whose goodput under --slo (0 to 1) in the category is below this.", valueName: "share"))
    var minGoodput: Double?

    @Option(name: .customLong("routing-baseline"), help: "The model that held-out routing savings are measured against (default: the best single model).")
    var routingBaseline: String?

    func validate() throws {
        if let slo {
            do { _ = try ServiceLevelObjective(parsing: slo) } catch let error as ServiceLevelObjective.ParseError { throw ValidationError(error.message) }
        }
        if let minGoodput {
            guard slo != nil else { throw ValidationError("--min-goodput needs --slo: the objective that goodput is counted against") }
            if !(0...1).contains(minGoodput) { throw ValidationError("--min-goodput must be between 0 and 1, e.g. 0.9") }
        }
        if let failUnder, !(0...1).contains(failUnder) { throw ValidationError("--fail-under must be between 0 and 1, e.g. 0.8") }
        if !(0...1).contains(minEffect) { throw ValidationError("--min-effect must be between 0 and 1, e.g. 0.05") }
        if !(maxQualityLoss > 0 && maxQualityLoss < 1) { throw ValidationError("--max-quality-loss must be above 0 and below 1, e.g. 0.05 for 5 points") }
        if let valuePerSuccess, !(valuePerSuccess > 0 && valuePerSuccess.isFinite) { throw ValidationError("--value-per-success must be a positive number of US dollars, e.g. 0.02") }
        if !(alpha > 0 && alpha < 0.5) { throw ValidationError("--alpha must be above 0 and below 0.5, e.g. 0.05") }
        if [qualityWeight, costWeight, latencyWeight].contains(where: { $0 < 0 }) || qualityWeight + costWeight + latencyWeight <= 0 {
            throw ValidationError("routing weights must be non-negative and not all zero")
        }
    }

    func apply(to config: inout RunConfiguration) {
        config.failUnder = failUnder
        config.baseline = baseline
        config.minEffect = minEffect
        config.routing.maxQualityLoss = maxQualityLoss
        config.routing.valuePerSuccess = valuePerSuccess
        config.routing.alpha = alpha
        config.routing.qualityWeight = qualityWeight
        config.routing.costWeight = costWeight
        config.routing.latencyWeight = latencyWeight
        config.routing.maxP95LatencyMs = maxP95Latency
        config.routing.baselineModel = routingBaseline
        config.routing.slo = slo.flatMap { try? ServiceLevelObjective(parsing: $0) }
        config.routing.minGoodput = minGoodput
    }
}
