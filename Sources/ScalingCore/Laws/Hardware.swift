/// Accelerators and what a budget of FLOPs costs on them: the one place where GPU-hours and
/// cost are computed (`optimal`'s columns, `gpu_hours()` and `cost()` all call here).
public enum Hardware {
    /// An accelerator and its dense bf16 peak throughput in FLOP/s (vendors' data sheets).
    public struct GPU: Sendable, Equatable {
        /// The accelerator's name, as `gpu(named:)` looks it up ("H100").
        public let name: String
        /// Dense bf16 peak throughput, FLOP/s.
        public let peakFLOPs: Double
    }

    /// A100 312 TFLOP/s, H100 SXM 989, H200 989, B200 about 2.25 PFLOP/s.
    public static let gpus: [GPU] = [
        GPU(name: "A100", peakFLOPs: 312e12), GPU(name: "H100", peakFLOPs: 989e12),
        GPU(name: "H200", peakFLOPs: 989e12), GPU(name: "B200", peakFLOPs: 2.25e15),
    ]

    /// The accelerator of that exact name (case-sensitive); nil for any other.
    public static func gpu(named name: String) -> GPU? { gpus.first { $0.name == name } }

    /// The defaults a budget is costed with when nothing else is said.
    public static let defaultGPU = "H100"
    /// The default model FLOPs utilisation, 40% of peak.
    public static let defaultMFU = 0.4
    /// The default price, US dollars per GPU-hour.
    public static let defaultPrice = 2.5

    /// GPU-hours for `flops` at `peak` FLOP/s and model FLOPs utilisation `mfu`: C / (peak · MFU · 3600).
    public static func gpuHours(flops: Double, peak: Double, mfu: Double) -> Double {
        flops / (peak * mfu * 3600)
    }

    /// Dollars for `flops` at `price` per GPU-hour.
    public static func cost(flops: Double, peak: Double, mfu: Double, price: Double) -> Double {
        gpuHours(flops: flops, peak: peak, mfu: mfu) * price
    }
}
