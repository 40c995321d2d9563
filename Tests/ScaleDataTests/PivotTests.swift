import Testing
@testable import ScaleData

/// tidyr's pivot_wider and pivot_longer, on a TensorBoard-shaped long table: cells checked one by
/// one, the round trip, and the errors.
struct PivotTests {
    static let long = Table(columns: [
        .init(name: "run", data: .text(["a", "a", "a", "b"])),
        .init(name: "step", data: .numbers([1, 1, 2, 1])),
        .init(name: "tag", data: .text(["loss", "acc", "loss", "loss"])),
        .init(name: "value", data: .numbers([3.1, 0.2, 2.9, 3.3])),
        .init(name: "wall_time", data: .numbers([10, 11, 12, 13])),
    ])

    @Test func widensToOneRowAnIdentity() throws {
        let w = try Pivot.wider(Self.long, names: "tag", values: "value", id: ["run", "step"])
        #expect(w.columnNames == ["run", "step", "loss", "acc"])
        #expect(w.column("run") == .text(["a", "a", "b"]))
        #expect(w.column("step") == .numbers([1, 2, 1]))
        #expect(w.column("loss") == .numbers([3.1, 2.9, 3.3]))
        guard case .numbers(let acc)? = w.column("acc") else { Issue.record("no acc"); return }
        #expect(acc[0] == 0.2 && acc[1].isNA && acc[2].isNA)
        // without id, wall_time identifies rows too: every row is its own identity
        #expect(try Pivot.wider(Self.long, names: "tag", values: "value").rowCount == 4)
    }

    @Test func longerUndoesWider() throws {
        let w = try Pivot.wider(Self.long, names: "tag", values: "value", id: ["run", "step"])
        let back = try Pivot.longer(w, columns: ["loss", "acc"], names: "tag", values: "value")
        #expect(back.columnNames == ["run", "step", "tag", "value"])
        #expect(back.rowCount == 6)
        #expect(back.column("tag") == .text(["loss", "acc", "loss", "acc", "loss", "acc"]))
        let kept = back.filtered(back.completeRows(in: ["value"]))
        #expect(kept.column("value") == .numbers([3.1, 0.2, 2.9, 3.3]))
        #expect(kept.column("run") == .text(["a", "a", "a", "b"]))
    }

    @Test func errorsNameTheRowsAndColumns() {
        let dup = Table(columns: [.init(name: "step", data: .numbers([1, 1])), .init(name: "tag", data: .text(["loss", "loss"])),
                                  .init(name: "value", data: .numbers([1, 2]))])
        #expect(throws: Pivot.PivotError.self) { try Pivot.wider(dup, names: "tag", values: "value") }
        do { _ = try Pivot.wider(dup, names: "tag", values: "value") } catch {
            #expect(error.message.hasPrefix("rows 1 and 2 both give 'loss' for the same step"))
        }
        #expect(throws: Pivot.PivotError.self) { try Pivot.wider(Self.long, names: "nope", values: "value") }
        #expect(throws: Pivot.PivotError.self) { try Pivot.longer(Self.long, columns: ["value", "tag"], names: "n", values: "v") }
        #expect(throws: Pivot.PivotError.self) { try Pivot.longer(Self.long, columns: ["value"], names: "run", values: "v") }
    }
}
