import Synchronization

/// Set once by the timer that cancels a call at its deadline, so that the cancellation reads as a timeout.
final class TimeoutFlag: Sendable {
    private let value = Atomic(false)

    func set() {
        value.store(true, ordering: .releasing)
    }

    var isSet: Bool {
        value.load(ordering: .acquiring)
    }
}
