import ScalingCore

/// Hardware and what compute costs: the accelerators of `Hardware.gpus` as constants, and
/// `gpu_hours` and `cost`, whose defaults follow `set gpu`, `set mfu` and `set price` (as
/// `optimal`'s columns do; all three compute through `Hardware`).
extension Interpreter {
    func registerComputeBuiltins() {
        for gpu in Hardware.gpus { builtins.variables[gpu.name] = .number(gpu.peakFLOPs) }
        define("gpu_hours", ["C", "gpu", "mfu"], required: 1) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let (peak, mfu) = try a.interpreter.accelerator(a)
            return try a.mapFLOPs { Hardware.gpuHours(flops: $0, peak: peak, mfu: mfu) }
        }
        define("cost", ["C", "gpu", "mfu", "price"], required: 1) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let (peak, mfu) = try a.interpreter.accelerator(a)
            let price = try a.optionalNumber(3) ?? a.interpreter.settingNumber("price") ?? Hardware.defaultPrice
            guard price >= 0, price.isFinite else { throw .runtime("cost's price must be a number ≥ 0, got \(formatShortest(price))", at: a.range(3)) }
            return try a.mapFLOPs { Hardware.cost(flops: $0, peak: peak, mfu: mfu, price: price) }
        }
    }

    /// Peak FLOP/s and MFU from the arguments, else the settings, else Hardware's defaults.
    func accelerator(_ a: BuiltinArguments) throws(ScaleError) -> (peak: Double, mfu: Double) {
        let peak = try a.optionalNumber(1) ?? settingNumber("gpu") ?? Hardware.gpu(named: Hardware.defaultGPU)?.peakFLOPs ?? .nan
        let mfu = try a.optionalNumber(2) ?? settingNumber("mfu") ?? Hardware.defaultMFU
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
