extension [JudgeCalibration] {
    /// Per suite, the metrics whose judge is not trusted: they are left out of routing decisions.
    public var untrustedMetrics: [String: Set<String>] {
        var untrusted: [String: Set<String>] = [:]
        for c in self where !c.trusted { untrusted[c.suite, default: []].insert(c.metric) }
        return untrusted
    }
}
