/// pass@k and pass^k for code generation, from n samples of a task of which c passed.
public enum PassAtK {
    /// Which chance `mean` averages.
    public enum Metric: Sendable, Hashable {
        /// At least one of k samples passes.
        case passAtK
        /// All k samples pass.
        case passHatK
    }

    /// The unbiased estimator of pass@k (Chen et al. 2021, "Evaluating Large Language Models Trained on Code"):
    /// the chance that at least one of k samples drawn without replacement from the n passes,
    /// 1 − C(n−c, k) / C(n, k), computed as their reference code does, 1 − ∏_{i=n−c+1}^{n} (1 − k/i), which
    /// neither overflows nor cancels for large n.
    /// - Returns: nil when k > n, k < 1, or c is not in 0...n.
    public static func passAtK(n: Int, c: Int, k: Int) -> Double? {
        guard k >= 1, k <= n, c >= 0, c <= n else { return nil }
        if n - c < k { return 1 }
        var product = 1.0
        var i = n - c + 1
        while i <= n {
            product *= 1 - Double(k) / Double(i)
            i += 1
        }
        return 1 - product
    }

    /// pass^k: the chance that k samples drawn without replacement from the n all pass, C(c, k) / C(n, k),
    /// computed as the product ∏_{i=0}^{k−1} (c−i)/(n−i).
    /// - Returns: nil when k > n, k < 1, or c is not in 0...n.
    public static func passHatK(n: Int, c: Int, k: Int) -> Double? {
        guard k >= 1, k <= n, c >= 0, c <= n else { return nil }
        if c < k { return 0 }
        var product = 1.0
        for i in 0..<k {
            product *= Double(c - i) / Double(n - i)
        }
        return product
    }

    /// The mean over tasks of pass@k (or pass^k), each task with its own n and c.
    /// - Returns: nil when there are no tasks or any task cannot be estimated (fewer than k samples, or c out of
    ///   range): like the HumanEval reference, which reports pass@k only when every task has at least k samples.
    public static func mean(_ tasks: [(n: Int, c: Int)], k: Int, metric: Metric = .passAtK) -> Double? {
        guard !tasks.isEmpty else { return nil }
        var sum = 0.0
        for task in tasks {
            let value = metric == .passAtK ? passAtK(n: task.n, c: task.c, k: k) : passHatK(n: task.n, c: task.c, k: k)
            guard let value else { return nil }
            sum += value
        }
        return sum / Double(tasks.count)
    }
}
