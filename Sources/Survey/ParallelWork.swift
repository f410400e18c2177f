import Foundation

/// Independent pieces of work on every core, gathered in their order: the same result as a
/// loop, whatever the timing, since each piece reads only shared immutable inputs and writes
/// only its own slot.
public enum ParallelWork {
    /// `work` run on every input across the cores, the results in the inputs' order, as `inputs.map(work)` gives them.
    public static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], _ work: @Sendable (Input) -> Output)
        -> [Output]
    {
        let slots = Slots<Output>(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { i in slots.set(i, work(inputs[i])) }
        return slots.values()
    }

    /// One slot per piece, each written once by its own piece before `values()` is read
    /// (concurrentPerform returns after every piece): no two threads touch one slot.
    private final class Slots<Output>: @unchecked Sendable {
        private var storage: [Output?]
        private let lock = NSLock()

        init(count: Int) { storage = Array(repeating: nil, count: count) }

        func set(_ i: Int, _ value: Output) {
            lock.lock()
            storage[i] = value
            lock.unlock()
        }

        func values() -> [Output] { storage.map { $0! } }
    }
}
