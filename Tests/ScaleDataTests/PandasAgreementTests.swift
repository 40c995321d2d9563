import Foundation
import Testing
@testable import ScaleData

/// Files written by pandas itself (`Tests/References/data_formats.py`: QUOTE_ALL CSV, TSV, JSON
/// records, JSON Lines, gzip of both), read here and compared value by value with what pandas
/// reads from the same files: numbers exactly (pandas' values as repr text, read by Swift's
/// correctly rounded parse), missing cells where pandas has NaN/None.
struct PandasAgreementTests {
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/ScaleDataTests/Fixtures")

    static let expected: [String: Any] = {
        let data = FileManager.default.contents(atPath: fixtures.appendingPathComponent("expected.json").path)!
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    @Test(arguments: ["quoted.csv", "plain.tsv", "records.json", "lines.jsonl", "quoted.csv.gz", "lines.jsonl.gz"])
    func agreesWithPandas(file: String) throws {
        let t = try TableIO.load(path: Self.fixtures.appendingPathComponent(file).path).table
        let e = Self.expected[file] as! [String: Any]
        let columns = e["columns"] as! [String]
        #expect(t.columnNames == columns)
        let values = e["values"] as! [String: [Any]]
        for name in columns {
            let want = values[name]!
            guard let got = t.column(name) else { Issue.record("\(file): no column \(name)"); continue }
            #expect(got.count == want.count)
            for i in 0..<min(got.count, want.count) {
                let w = want[i]
                switch got {
                case .numbers(let v):
                    if w is NSNull { #expect(v[i].isNA, "\(file) \(name)[\(i)]: \(v[i]) for missing") } else { #expect(v[i] == ((w as? [String: String])?["number"]).flatMap { Double($0) }, "\(file) \(name)[\(i)]") }
                case .text(let v):
                    if w is NSNull { #expect(v[i] == nil, "\(file) \(name)[\(i)]") } else { #expect(v[i] == w as? String, "\(file) \(name)[\(i)]") }
                case .bools(let v):
                    if w is NSNull { #expect(v[i] == nil) } else { #expect(v[i] == (w as? Bool), "\(file) \(name)[\(i)]") }
                }
            }
        }
    }
}
