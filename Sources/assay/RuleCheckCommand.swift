import ArgumentParser
import AssayCore
import Foundation
import AssayReporting

/// `assay rule-check`: runs the routing rule many times on simulated outcomes with known true gaps and
/// prints how often it gave traffic to a model it must not have (measurement guidance §5.8).
struct RuleCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rule-check",
        abstract: "Check the routing rule by simulation: how often a model whose true loss reaches the margin takes traffic, and how often a good-enough one is found.")

    @Option(name: .long, help: "Trials per scenario.")
    var trials: Int = 2000

    @Option(name: .long, help: "Seed of the simulated outcomes.")
    var seed: UInt64 = 42

    func validate() throws {
        if trials < 1 { throw ValidationError("--trials must be at least 1") }
    }

    func run() async throws {
        let scenarios = DecisionRuleSimulation.standardScenarios()
        // Scenarios are independent: two at a time on the machine's cores, printed in order.
        let rows = await withTaskGroup(of: (Int, DecisionRuleSimulation.Row).self) { group in
            var next = 0
            var rows: [(Int, DecisionRuleSimulation.Row)] = []
            func add() {
                guard next < scenarios.count else { return }
                let index = next
                let trials = self.trials
                let seed = self.seed
                group.addTask { (index, DecisionRuleSimulation.run(scenarios[index], trials: trials, seed: seed)) }
                next += 1
            }
            for _ in 0..<max(1, ProcessInfo.processInfo.activeProcessorCount) { add() }
            while let row = await group.next() {
                rows.append(row)
                add()
            }
            return rows.sorted { $0.0 < $1.0 }.map(\.1)
        }
        print("`assay rule-check --trials \(trials) --seed \(seed)`: δ = 5 points, α = 5%; the best model passes 90% of the cases and a candidate")
        print("disagrees with it in its own favour on 3% of them. \"Must be ≤ 5%\" is the share of trials in which a model whose true loss")
        print("reaches δ (value mode: whose true net value gain is not positive) took traffic.\n")
        print(DecisionRuleSimulation.markdown(rows))
    }
}
