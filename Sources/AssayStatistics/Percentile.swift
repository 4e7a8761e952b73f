/// Percentiles by linear interpolation between closest ranks (numpy's default, "type 7").
public enum Percentile {
    /// The q-th percentile (q in 0...100) of the values, or nil when there are none.
    public static func of(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return of(sorted: sorted, q)
    }

    public static func of(sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = (q / 100) * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
