import NIOCore

/// A deadline on an event loop that is cheap to move, for timeouts re-armed with every request of a keep-alive
/// connection. Moving the deadline later only records it: the task already scheduled fires early, finds the new
/// deadline and schedules itself again for it. Disarming leaves the task to fire and find nothing. A connection
/// thus schedules about one task per timeout period instead of scheduling and cancelling one per request.
final class LazyTimer {
    private let eventLoop: any EventLoop
    private let action: () -> Void
    private var deadline: NIODeadline?
    private var task: Scheduled<Void>?
    private var taskDeadline = NIODeadline.distantFuture

    /// `action` runs on `eventLoop` when an armed deadline passes; it must not hold its owner strongly.
    init(eventLoop: any EventLoop, action: @escaping () -> Void) {
        self.eventLoop = eventLoop
        self.action = action
    }

    var isArmed: Bool { deadline != nil }

    func arm(in amount: TimeAmount) {
        arm(at: eventLoop.now + amount)
    }

    func arm(at deadline: NIODeadline) {
        self.deadline = deadline
        if task != nil && taskDeadline <= deadline { return }
        task?.cancel()
        schedule(at: deadline)
    }

    func disarm() {
        deadline = nil
    }

    /// Disarms and cancels the scheduled task, when the owner goes away.
    func cancel() {
        deadline = nil
        task?.cancel()
        task = nil
    }

    private func schedule(at deadline: NIODeadline) {
        taskDeadline = deadline
        task = eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in self?.fired() }
    }

    private func fired() {
        task = nil
        guard let deadline else { return }
        if deadline > eventLoop.now {
            schedule(at: deadline)
            return
        }
        self.deadline = nil
        action()
    }
}
