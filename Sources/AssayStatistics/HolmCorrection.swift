import Foundation

/// Holm–Bonferroni step-down adjustment for a family of m tests (controls the family-wise error rate).
///
/// With the p-values sorted ascending, `p_(1) ≤ … ≤ p_(m)`, the adjusted values are
/// `p̃_(i) = min(1, max_{j ≤ i} (m − j + 1)·p_(j))` (Holm 1979; measurement guidance §3.5; the same as
/// R's `p.adjust(method = "holm")`). Rejecting where `p̃ ≤ α` is Holm's procedure at level α.
public enum HolmCorrection {
    /// Adjusted p-values in the input order. A NaN p-value is treated as 1; values are clamped to [0, 1].
    public static func adjust(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        guard m > 0 else { return [] }
        let cleaned = pValues.map { $0.isNaN ? 1 : min(max($0, 0), 1) }
        // Ascending, ties by input position, so the result doesn't depend on the sort's stability.
        let order = cleaned.indices.sorted { (cleaned[$0], $0) < (cleaned[$1], $1) }
        var adjusted = [Double](repeating: 1, count: m)
        var runningMax = 0.0
        for (rank, index) in order.enumerated() {
            runningMax = max(runningMax, min(1, Double(m - rank) * cleaned[index]))
            adjusted[index] = runningMax
        }
        return adjusted
    }
}
