import Foundation
import Testing

/// A save that is killed part-way leaves the previous file whole: writes go to a temporary
/// file that is renamed over the target only when complete.
struct AtomicWriteTests {
    @Test func killedSaveLeavesTheOldFileIntact() throws {
        let dir = NSTemporaryDirectory() + "scalelab-atomic-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let target = dir + "/runs.csv"
        let old = "N,loss\n1,2\n"
        // A 3,000,000-row table takes long enough to write that the kill lands mid-write.
        let script = "t = table(N = 1..3000000)\nt.loss = t.N * 0.5\nsave t to \"\(target)\"\n"
        var sawOld = false
        for delay in [0.05, 0.15, 0.3, 0.6, 1.0] {
            try old.write(toFile: target, atomically: false, encoding: .utf8)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: scaleExecutable)
            p.arguments = ["-e", script]
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let text = try String(contentsOfFile: target, encoding: .utf8)
            if text == old {
                sawOld = true
            } else {
                // Only a finished write may replace it.
                #expect(text.hasPrefix("N,loss\n1,0.5\n"))
                #expect(text.hasSuffix("3000000,1500000\n"))
            }
        }
        #expect(sawOld)
        for f in try FileManager.default.contentsOfDirectory(atPath: dir) where f.contains(".tmp-") {
            try? FileManager.default.removeItem(atPath: dir + "/" + f)  // the killed writer's leftovers
        }
    }
}
