import ScalingCore

/// Hardware and what compute costs: the accelerators of `Hardware.gpus` as constants, and
/// `gpu_hours` and `cost`, whose defaults follow `set gpu`, `set mfu` and `set price` (as
/// `optimal`'s columns do; all three compute through `Hardware`).
extension Interpreter {

    /// Peak FLOP/s and MFU from the arguments, else the settings, else Hardware's defaults.
    func accelerator(_ a: BuiltinArguments) throws(ScaleError) -> (peak: Double, mfu: Double) {
        let peak = try a.optionalNumber(1) ?? settings.gpu?.peak ?? Hardware.gpu(named: Hardware.defaultGPU)?.peakFLOPs ?? .nan
        let mfu = try a.optionalNumber(2) ?? settings.mfu ?? Hardware.defaultMFU
        guard peak > 0, peak.isFinite else { throw .runtime("\(a.functionName)'s gpu must be a positive peak in FLOP/s, got \(formatShortest(peak))", at: a.range(1)) }
        guard NumberDomain.share.contains(mfu) else { throw .runtime("\(a.functionName)'s mfu must be a number in (0, 1], got \(formatShortest(mfu))", at: a.range(2)) }
        return (peak, mfu)
    }
}

extension BuiltinArguments {
    /// `f` of the first argument, a number or each element of a vector of FLOPs.
    func mapFLOPs(_ f: (Double) -> Double) throws(ScaleError) -> Value {
        if case .number(let x)? = self[0] { return .number(f(x)) }
        return .vector(try vector(0, "FLOPs").map(f))
    }
}

extension BuiltinRegistry {
    mutating func registerComputeBuiltins() {
        for gpu in Hardware.gpus {
            constant(gpu.name, .number(gpu.peakFLOPs),
                     doc: "\(gpu.name)'s dense bf16 peak, \(formatShortest(gpu.peakFLOPs)) FLOP/s (for gpu_hours, cost and 'set gpu')",
                     example: "gpu_hours(1e24, gpu = \(gpu.name))")
        }
        define("gpu_hours", ["C", "gpu", "mfu"], required: 1,
               doc: "GPU-hours for C FLOPs: C / (gpu · mfu · 3600), gpu and mfu from 'set' unless given (default H100, 0.4)",
               example: "gpu_hours(5.76e23, gpu = A100, mfu = 0.5)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let (peak, mfu) = try a.interpreter.accelerator(a)
            return try a.mapFLOPs { Hardware.gpuHours(flops: $0, peak: peak, mfu: mfu) }
        }
        define("cost", ["C", "gpu", "mfu", "price"], required: 1,
               doc: "dollars for C FLOPs: GPU-hours × price, each from 'set' unless given (default price 2.5 per GPU-hour)",
               example: "cost(1e24, price = 2)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let (peak, mfu) = try a.interpreter.accelerator(a)
            let price = try a.optionalNumber(3) ?? a.interpreter.settings.price ?? Hardware.defaultPrice
            guard price >= 0, price.isFinite else { throw .runtime("cost's price must be a number ≥ 0, got \(formatShortest(price))", at: a.range(3)) }
            return try a.mapFLOPs { Hardware.cost(flops: $0, peak: peak, mfu: mfu, price: price) }
        }
    }
}
