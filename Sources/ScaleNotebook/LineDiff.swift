/// A readable line diff (longest common subsequence), for `notebook check`.
public enum LineDiff {
    /// nil when equal; otherwise the changed lines with `-` (expected) and `+` (now), with line numbers.
    public static func diff(expected: String, actual: String, context: Int = 2) -> String? {
        guard expected != actual else { return nil }
        let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
        let n = a.count, m = b.count
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                i += 1; j += 1
            } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
                out.append("-\(i + 1): \(a[i])")
                i += 1
            } else {
                out.append("+\(j + 1): \(b[j])")
                j += 1
            }
        }
        return out.joined(separator: "\n")
    }
}
