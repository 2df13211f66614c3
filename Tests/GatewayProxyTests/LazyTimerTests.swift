import NIOCore
import NIOEmbedded
import Testing

@testable import GatewayProxy

@Suite("LazyTimer")
struct LazyTimerTests {
    /// A timer on an embedded loop, counting how often it fired.
    final class Fixture {
        let loop = EmbeddedEventLoop()
        var fired = 0
        lazy var timer = LazyTimer(eventLoop: loop) { [unowned self] in fired += 1 }
    }

    @Test("fires at its deadline, once")
    func firesOnce() {
        let fixture = Fixture()
        fixture.timer.arm(in: .seconds(10))
        fixture.loop.advanceTime(by: .seconds(9))
        #expect(fixture.fired == 0 && fixture.timer.isArmed)
        fixture.loop.advanceTime(by: .seconds(1))
        #expect(fixture.fired == 1 && !fixture.timer.isArmed)
        fixture.loop.advanceTime(by: .seconds(60))
        #expect(fixture.fired == 1)
    }

    @Test("a later deadline is kept by the task scheduled for the earlier one, which waits again")
    func movedLater() {
        let fixture = Fixture()
        fixture.timer.arm(in: .seconds(10))
        fixture.loop.advanceTime(by: .seconds(5))
        fixture.timer.arm(in: .seconds(10))  // now due at 15 s
        fixture.loop.advanceTime(by: .seconds(6))  // 11 s: the first task ran and waits again
        #expect(fixture.fired == 0)
        fixture.loop.advanceTime(by: .seconds(4))  // 15 s
        #expect(fixture.fired == 1)
    }

    @Test("an earlier deadline is scheduled at once")
    func movedEarlier() {
        let fixture = Fixture()
        fixture.timer.arm(in: .seconds(10))
        fixture.timer.arm(in: .seconds(2))
        fixture.loop.advanceTime(by: .seconds(2))
        #expect(fixture.fired == 1)
        fixture.loop.advanceTime(by: .seconds(10))
        #expect(fixture.fired == 1)
    }

    @Test("disarmed, it does not fire; armed again, it fires at the new deadline")
    func disarmAndRearm() {
        let fixture = Fixture()
        fixture.timer.arm(in: .seconds(10))
        fixture.timer.disarm()
        fixture.loop.advanceTime(by: .seconds(10))
        #expect(fixture.fired == 0 && !fixture.timer.isArmed)
        // Many requests on a keep-alive connection: each disarms, then arms again.
        for _ in 0..<100 {
            fixture.timer.arm(in: .seconds(3))
            fixture.loop.advanceTime(by: .milliseconds(100))
            fixture.timer.disarm()
        }
        fixture.timer.arm(in: .seconds(3))
        fixture.loop.advanceTime(by: .milliseconds(2_900))
        #expect(fixture.fired == 0)
        fixture.loop.advanceTime(by: .milliseconds(100))
        #expect(fixture.fired == 1)
    }

    @Test("cancelled, nothing is left scheduled")
    func cancelled() {
        let fixture = Fixture()
        fixture.timer.arm(in: .seconds(10))
        fixture.timer.cancel()
        fixture.loop.advanceTime(by: .seconds(20))
        #expect(fixture.fired == 0)
        fixture.timer.arm(in: .seconds(1))
        fixture.loop.advanceTime(by: .seconds(1))
        #expect(fixture.fired == 1)
    }
}
