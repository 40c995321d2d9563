/// Sizes past which the interpreter reports an error instead of exhausting memory, stack or time.
public struct Limits: Sendable {
    /// Nested user-function calls (the stack guard may stop recursion earlier on small stacks).
    public var callDepth = 1000
    /// Elements in one vector (8 bytes each: 2^26 is 512 MiB).
    public var vectorLength = 1 << 26
    /// Bytes in one string, the same 512 MiB as a vector (40 doublings of `s = s + s` would
    /// otherwise ask for a terabyte).
    public var stringLength = 1 << 29
    /// Starting points in a fit's grid of starts.
    public var gridStarts = 1_000_000
    /// Monte Carlo trials in one simulation (and bootstrap resamples).
    public var trials = 100_000_000
    /// Samples per question (K) in one simulation.
    public var samples = 1 << 20
    /// Work of one simulation: trials × steps × width² for beam search, the states of the exact
    /// majority-vote dynamic program. 1e10 is tens of seconds at most.
    public var simulationWork = 1e10
    /// Operations in one model once its function calls are inlined, and in one derivative from
    /// `d` (counting shared subexpressions once): a model of 1e5 operations compiles in
    /// milliseconds, while composing f(x) = x + x 24 deep writes out 3e7.
    public var modelSize = 100_000
    /// Statements and calls executed by one `run`; unlimited except when fuzzing.
    public var steps = Int.max
    /// Whether `save` may write files (off when fuzzing).
    public var mayWriteFiles = true

    /// The default limits.
    public init() {}

    /// Small budgets so that a fuzzer's every input finishes in milliseconds.
    public static var fuzzing: Limits {
        var l = Limits()
        l.callDepth = 200
        l.vectorLength = 1 << 16
        l.stringLength = 1 << 20
        l.gridStarts = 64
        l.trials = 200  // a bootstrap's refits too: 1,000 refits of the Chinchilla fit took over 5 s instrumented
        l.samples = 64
        l.simulationWork = 1e7
        l.steps = 20_000
        l.modelSize = 5_000
        l.mayWriteFiles = false
        return l
    }
}
