import Foundation
@testable import ScaleData

/// A fresh folder for one test's files.
struct TempFiles {
    let dir: String = {
        let d = NSTemporaryDirectory() + "scaledata-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let path = dir + "/" + name
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

    func load(_ name: String, _ text: String, options: TableIO.Options = .init()) throws -> Table {
        try TableIO.load(path: write(name, text), options: options).table
    }

    func loadError(_ name: String, _ text: String) -> String {
        do {
            _ = try load(name, text)
            return "no error"
        } catch {
            return (error as? LoadError)?.message ?? "\(error)"
        }
    }
}

let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

extension Table.ColumnData {
    var numbers: [Double]? { if case .numbers(let v) = self { return v } else { return nil } }
    var texts: [String?]? { if case .text(let v) = self { return v } else { return nil } }
    var flags: [Bool?]? { if case .bools(let v) = self { return v } else { return nil } }
}

/// Number arrays equal element by element, `na` equal to `na` and NaN to NaN (by kind, not bits).
func same(_ a: [Double]?, _ b: [Double]) -> Bool {
    guard let a, a.count == b.count else { return false }
    return zip(a, b).allSatisfy { x, y in x.isNA ? y.isNA : x.isNaN ? (y.isNaN && !y.isNA) : x == y }
}
