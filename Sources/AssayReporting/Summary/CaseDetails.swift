/// Where a report finds the input side of the cases it shows.
///
/// Looked up for the cases shown, a suite at a time: a dictionary of every case's details held about
/// 150 bytes per case for as long as the reports were written, for the few hundred cases the HTML shows.
public struct CaseDetails: Sendable {
    private let find: @Sendable (_ suite: String, _ caseIDs: Set<String>) -> [String: CaseDetail]

    /// - Parameter find: the details of those of `caseIDs` that `suite` has, keyed by case id.
    public init(find: @escaping @Sendable (_ suite: String, _ caseIDs: Set<String>) -> [String: CaseDetail]) {
        self.find = find
    }

    /// Details given up front, keyed by "suite/case" (tests and small runs).
    public init(_ details: [String: CaseDetail] = [:]) {
        self.init { suite, caseIDs in
            var out: [String: CaseDetail] = [:]
            for id in caseIDs { out[id] = details["\(suite)/\(id)"] }
            return out
        }
    }

    /// The details of those of `caseIDs` that `suite` has, keyed by case id.
    public func details(suite: String, caseIDs: Set<String>) -> [String: CaseDetail] {
        caseIDs.isEmpty ? [:] : find(suite, caseIDs)
    }
}
