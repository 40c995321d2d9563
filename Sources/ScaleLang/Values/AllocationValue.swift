/// One allocation (or an inference-aware optimum): a record that prints counts with suffixes.
final class AllocationValue: DomainObject {
    let title: String
    let record: Record

    init(title: String, record: Record) {
        self.title = title
        self.record = record
    }

    var typeName: String { "allocation" }
    var memberNames: [String] { record.names }
    func member(_ name: String) -> Value? { record[name] }

    func display(digits: Int) -> String {
        let width = record.names.map(\.count).max() ?? 0
        var out = title
        for (name, value) in record.fields {
            guard case .number(let x) = value else { continue }
            let pad = String(repeating: " ", count: width - name.count)
            let shown: String
            switch name {
            case "N", "chinchilla_N": shown = "\(formatSignificant(x, digits: digits))  (\(formatCount(x)) parameters)"
            case "D", "chinchilla_D": shown = "\(formatSignificant(x, digits: digits))  (\(formatCount(x)) tokens)"
            case "C", "training_flops", "inference_flops", "total_flops", "chinchilla_total_flops": shown = "\(formatSignificant(x, digits: digits)) FLOP"
            case "gpu_hours": shown = "\(formatSignificant(x, digits: digits))  (\(formatCount(x)) GPU-hours)"
            case "cost": shown = "\(formatSignificant(x, digits: digits))  ($\(formatCount(x)))"
            default: shown = formatSignificant(x, digits: digits)
            }
            out += "\n\(name):\(pad) \(shown)"
        }
        return out
    }
}

extension Value {
    /// The first number of a vector value (for one-row tables turned into records).
    var firstNumber: Value {
        if case .vector(let xs) = self, let x = xs.first { return .number(x) }
        return self
    }
}
