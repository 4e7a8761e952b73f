import Foundation

/// The cost–quality Pareto frontier (measurement guidance §6): higher quality is better, lower cost is better.
///
/// A point is dominated when another point has `cost ≤` and `quality ≥` with at least one strict inequality;
/// the frontier is the non-dominated points. Exact duplicates (same cost and same quality) don't dominate
/// each other, so all copies of a frontier point stay. O(n log n): sort by cost ascending, quality descending,
/// then sweep keeping points whose quality beats the best quality seen so far (or exactly repeat the point
/// that set it).
public enum ParetoFrontier {
    /// The ids of the frontier points, by cost ascending (input order among duplicates).
    /// Points whose quality or cost is NaN are never on the frontier.
    public static func frontier<ID>(_ points: [(id: ID, quality: Double, cost: Double)]) -> [ID] {
        let order = points.indices
            .filter { !points[$0].quality.isNaN && !points[$0].cost.isNaN }
            .sorted { left, right in
                let a = points[left]
                let b = points[right]
                if a.cost != b.cost { return a.cost < b.cost }
                if a.quality != b.quality { return a.quality > b.quality }
                return left < right
            }
        var result: [ID] = []
        var best: (quality: Double, cost: Double)?
        for index in order {
            let point = points[index]
            if let best, point.quality < best.quality
                || (point.quality == best.quality && point.cost != best.cost) {
                continue
            }
            result.append(point.id)
            best = (point.quality, point.cost)
        }
        return result
    }
}
