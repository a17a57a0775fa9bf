import Testing
@testable import Fetch

/// The politeness gate the curl loop admits transfers through.
@Suite("Concurrency gate")
struct ConcurrencyGateTests {
    @Test("per-host and total limits hold; a freed permit goes to the earliest waiter whose host has room")
    func firstComeFirstServedAmongHostsWithRoom() {
        var gate = ConcurrencyGate<Int>(perHost: 2, total: 3)
        let started = [gate.enter(1, host: "a"), gate.enter(2, host: "a"), gate.enter(3, host: "a"), gate.enter(4, host: "b")]
        #expect(started == [1, 2, nil, 4], "a is full after two")
        let full = [gate.enter(5, host: "b"), gate.enter(6, host: "c")]
        #expect(full == [nil, nil], "all three permits are out")
        let afterB = gate.leave("b")
        #expect(afterB == [5], "3 came first, but a is still full; 5 came before 6")
        let afterA = gate.leave("a")
        #expect(afterA == [3])
        let removed = [gate.remove(host: "c", where: { $0 == 6 }), gate.remove(host: "c", where: { $0 == 6 })]
        #expect(removed == [6, nil], "a cancelled waiter leaves, once")
        let afterA2 = gate.leave("a")
        #expect(afterA2 == [] && gate.active == 2)
        let free = gate.enter(7, host: "c")
        #expect(free == 7, "nobody waits: a free permit is taken at once")
    }

    @Test("ten thousand waiters on one host are served in arrival order, each permit passed on as one ends")
    func manyWaitersInOrder() {
        var gate = ConcurrencyGate<Int>(perHost: 16, total: 16)
        var running: [Int] = []
        for index in 0..<10_000 {
            if let admitted = gate.enter(index, host: "127.0.0.1") { running.append(admitted) }
        }
        #expect(running == Array(0..<16))
        var served: [Int] = []
        var most = 0
        while !running.isEmpty {
            served.append(running.removeFirst())
            running += gate.leave("127.0.0.1")
            most = max(most, running.count)
        }
        #expect(served == Array(0..<10_000) && most == 16 && gate.active == 0)
    }

    @Test("removing a host's first waiter lets the next one of that host be served when room comes")
    func removeFirstWaiter() {
        var gate = ConcurrencyGate<Int>(perHost: 1, total: 2)
        let started = [gate.enter(1, host: "a"), gate.enter(2, host: "b"), gate.enter(3, host: "c"), gate.enter(4, host: "c")]
        #expect(started == [1, 2, nil, nil])
        let removed = gate.remove(host: "c", where: { $0 == 3 })
        #expect(removed == 3)
        let admitted = gate.leave("a")
        #expect(admitted == [4])
    }
}
