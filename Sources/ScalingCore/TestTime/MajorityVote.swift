import Foundation

/// Self-consistency (majority voting) over k samples, exactly.
///
/// Each sample is the right answer with probability p, a particular distractor with probability
/// q, and otherwise one of m other wrong answers, uniformly. The vote goes to the most frequent
/// answer; ties are broken uniformly at random among the tied answers. The accuracy is
///   Σ_c P(c right) · E[ 1{every other answer has ≤ c votes} / (1 + #answers with exactly c) | c ],
/// where, given c, the other k − c votes are split by the sequential binomial decomposition of the
/// multinomial: the distractor takes Binomial(k − c, q/(1 − p)), each wrong answer in turn a
/// binomial share of what is left, the last one the rest. A dynamic program over (votes left,
/// ties so far) carries the exact probabilities; terms below 1e-17 of the total are dropped.
public enum MajorityVote {
    /// The exact majority-vote accuracy over k samples, as above; NaN where the computation gives no answer.
    public static func accuracy(k: Int, p: Double, distractor q: Double, wrong m: Int) -> Double {
        compute(k: k, p: p, distractor: q, wrong: m, cancelled: { false }) ?? .nan
    }

    /// As `accuracy(k:p:distractor:wrong:)`, polling `cancelled` between rows of the dynamic
    /// program (a large K runs for seconds) and throwing once it answers true.
    public static func accuracy(k: Int, p: Double, distractor q: Double, wrong m: Int,
                                cancelled: @escaping @Sendable () -> Bool) throws(TestTimeSimulation.Cancelled) -> Double {
        guard let a = compute(k: k, p: p, distractor: q, wrong: m, cancelled: cancelled) else { throw TestTimeSimulation.Cancelled() }
        return a
    }

    /// nil when cancelled.
    static func compute(k: Int, p: Double, distractor q: Double, wrong m: Int, cancelled: @escaping @Sendable () -> Bool) -> Double? {
        guard k >= 1 else { return 0 }
        let categories: [Double] = (q > 0 ? [q] : []) + Array(repeating: max(0, 1 - p - q) / Double(max(m, 1)), count: m > 0 && 1 - p - q > 1e-15 ? m : 0)
        let others = categories.filter { $0 > 0 }
        if p <= 0 { return 0 }
        if others.isEmpty { return 1 }
        let logP = Foundation.log(p), logRest = Foundation.log1p(-p)
        // Each count c of right answers is independent work: spread over the cores, summed in order.
        let terms = UnsafeMutableBufferPointer<Double>.allocate(capacity: k + 1)
        terms.initialize(repeating: 0)
        defer { terms.deallocate() }
        let shared = UnsafeSendable(terms)
        DispatchQueue.concurrentPerform(iterations: k + 1) { c in
            let logPmf = lgamma(Double(k + 1)) - lgamma(Double(c + 1)) - lgamma(Double(k - c + 1)) + Double(c) * logP + Double(k - c) * logRest
            let pc = Foundation.exp(logPmf)
            if pc < 1e-17 || cancelled() { return }
            shared.value[c] = pc * winShare(votesLeft: k - c, cap: c, categories: others, cancelled: cancelled)
        }
        if cancelled() { return nil }
        return min(1, terms.reduce(0, +))
    }

    /// E[1{all ≤ cap}/(1 + #equal to cap)] for `votesLeft` votes over `categories`.
    static func winShare(votesLeft r: Int, cap: Int, categories: [Double], cancelled: () -> Bool = { false }) -> Double {
        // With r ≥ 1 votes to place, some category gets one: none may stay at or below a cap of 0.
        if cap == 0 { return r == 0 ? 1 / Double(1 + categories.count) : 0 }
        // At most r/cap categories can reach the cap: the tie dimension needs no more room, which
        // keeps many wrong answers (large m) cheap.
        let maxTies = min(categories.count, r / cap)
        // state[left][ties]
        var state = [[Double]](repeating: [Double](repeating: 0, count: maxTies + 1), count: r + 1)
        state[r][0] = 1
        var massLeft = categories.reduce(0, +)
        for (index, share) in categories.enumerated() {
            let last = index == categories.count - 1
            var next = [[Double]](repeating: [Double](repeating: 0, count: maxTies + 1), count: r + 1)
            let pi = last ? 1 : min(1, share / massLeft)
            for left in 0...r {
                // a row costs at most cap × ties steps: polling here answers Ctrl-C within milliseconds
                if cancelled() { return 0 }
                let row = state[left]
                guard row.contains(where: { $0 > 0 }) else { continue }
                if last {
                    guard left <= cap else { continue }
                    let tie = left == cap ? 1 : 0
                    for t in 0...maxTies where row[t] > 0 { next[0][min(t + tie, maxTies)] += row[t] }
                    continue
                }
                // n ~ Binomial(left, pi), n ≤ cap; pmf by the ratio recurrence from a log start
                let upper = min(cap, left)
                var pmf = [Double](repeating: 0, count: upper + 1)
                if pi <= 0 {
                    pmf[0] = 1
                } else if pi >= 1 {
                    if left <= cap { pmf[left] = 1 }
                } else {
                    let logPi = Foundation.log(pi), log1mPi = Foundation.log1p(-pi)
                    let mode = min(upper, Int((Double(left + 1) * pi).rounded(.down)))
                    let logMode = lgamma(Double(left + 1)) - lgamma(Double(mode + 1)) - lgamma(Double(left - mode + 1))
                        + Double(mode) * logPi + Double(left - mode) * log1mPi
                    pmf[mode] = Foundation.exp(logMode)
                    let odds = pi / (1 - pi)
                    var n = mode
                    while n < upper && pmf[n] > 1e-300 {
                        pmf[n + 1] = pmf[n] * Double(left - n) / Double(n + 1) * odds
                        n += 1
                    }
                    n = mode
                    while n > 0 && pmf[n] > 1e-300 {
                        pmf[n - 1] = pmf[n] * Double(n) / Double(left - n + 1) / odds
                        n -= 1
                    }
                }
                for n in 0...upper where pmf[n] > 0 {
                    let tie = n == cap ? 1 : 0
                    for t in 0...maxTies where row[t] > 0 {
                        next[left - n][min(t + tie, maxTies)] += row[t] * pmf[n]
                    }
                }
            }
            massLeft -= share
            state = next
        }
        var share = 0.0
        for t in 0...maxTies { share += state[0][t] / Double(1 + t) }
        return share
    }

    /// Brute force over every sequence of answers (for tests on small k and m).
    public static func bruteForce(k: Int, p: Double, distractor q: Double, wrong m: Int) -> Double {
        let probs = [p] + (q > 0 ? [q] : []) + Array(repeating: (1 - p - q) / Double(m), count: m)
        var total = 0.0
        var counts = [Int](repeating: 0, count: probs.count)
        func recurse(_ depth: Int, _ prob: Double) {
            if depth == k {
                let best = counts.max() ?? 0
                let tied = counts.filter { $0 == best }.count
                if counts[0] == best { total += prob / Double(tied) }
                return
            }
            for (i, pi) in probs.enumerated() where pi > 0 {
                counts[i] += 1
                recurse(depth + 1, prob * pi)
                counts[i] -= 1
            }
        }
        recurse(0, 1)
        return total
    }
}
