/// A unified diff of two lists of lines (Myers' algorithm), as `diff -u` prints it: hunks of
/// changed lines with three lines of context, `-` for expected lines, `+` for this run's.
struct LineDiff {
    enum Edit: Equatable {
        case same(expected: Int, actual: Int)
        case removed(expected: Int)
        case added(actual: Int)
    }

    /// A run of removed lines followed by the added lines that took their place.
    struct Replacement {
        var removed: [Int]
        var added: [Int]
    }

    let expected: [Substring]
    let actual: [Substring]
    let edits: [Edit]

    init(expected: [Substring], actual: [Substring]) {
        self.expected = expected
        self.actual = actual
        edits = Self.edits(expected, actual)
    }

    /// Past this many differing lines the diff stops looking for the shortest edit (its memory
    /// grows with the square of the differences) and shows the rest as replaced.
    static let maxDifferences = 1000

    static func edits(_ a: [Substring], _ b: [Substring]) -> [Edit] {
        // Lines alike at both ends cost nothing to set aside; a changed answer is often one line.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var result = (0..<prefix).map { Edit.same(expected: $0, actual: $0) }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        let middle = shortestEdit(middleA, middleB) ?? (middleA.indices.map { Edit.removed(expected: $0) } + middleB.indices.map { Edit.added(actual: $0) })
        for edit in middle {
            switch edit {
            case .same(let x, let y): result.append(.same(expected: x + prefix, actual: y + prefix))
            case .removed(let x): result.append(.removed(expected: x + prefix))
            case .added(let y): result.append(.added(actual: y + prefix))
            }
        }
        for offset in 0..<suffix {
            result.append(.same(expected: a.count - suffix + offset, actual: b.count - suffix + offset))
        }
        return result
    }

    /// Myers' O((N+M)D) shortest edit script; nil when it would take more than `maxDifferences`.
    private static func shortestEdit(_ a: [Substring], _ b: [Substring]) -> [Edit]? {
        let n = a.count, m = b.count
        if n == 0 || m == 0 {
            return a.indices.map { Edit.removed(expected: $0) } + b.indices.map { Edit.added(actual: $0) }
        }
        let limit = min(n + m, maxDifferences)
        let offset = limit + 1
        var frontier = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        for depth in 0...limit {
            // Round `depth` reads diagonals -depth-1 through depth+1 only; keep just those.
            trace.append(Array(frontier[(offset - depth - 1)...(offset + depth + 1)]))
            for diagonal in stride(from: -depth, through: depth, by: 2) {
                var x: Int
                if diagonal == -depth || (diagonal != depth && frontier[offset + diagonal - 1] < frontier[offset + diagonal + 1]) {
                    x = frontier[offset + diagonal + 1]
                } else {
                    x = frontier[offset + diagonal - 1] + 1
                }
                var y = x - diagonal
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                frontier[offset + diagonal] = x
                if x >= n && y >= m { return backtrack(trace, n: n, m: m) }
            }
        }
        return nil
    }

    /// Walks the rounds back from the end: `trace[depth]` holds diagonals -depth-1...depth+1.
    private static func backtrack(_ trace: [[Int]], n: Int, m: Int) -> [Edit] {
        var x = n, y = m
        var reversed: [Edit] = []
        for depth in stride(from: trace.count - 1, through: 0, by: -1) {
            let frontier = trace[depth]
            let offset = depth + 1
            let diagonal = x - y
            let previousDiagonal: Int
            if diagonal == -depth || (diagonal != depth && frontier[offset + diagonal - 1] < frontier[offset + diagonal + 1]) {
                previousDiagonal = diagonal + 1
            } else {
                previousDiagonal = diagonal - 1
            }
            let previousX = frontier[offset + previousDiagonal]
            let previousY = previousX - previousDiagonal
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                reversed.append(.same(expected: x, actual: y))
            }
            if depth > 0 {
                if x == previousX {
                    reversed.append(.added(actual: previousY))
                } else {
                    reversed.append(.removed(expected: previousX))
                }
                x = previousX
                y = previousY
            }
        }
        return reversed.reversed()
    }

    var hasChanges: Bool { edits.contains { if case .same = $0 { false } else { true } } }

    /// Removed lines followed by added ones, paired for a closer look at what changed.
    var replacements: [Replacement] {
        var result: [Replacement] = []
        var current = Replacement(removed: [], added: [])
        for edit in edits {
            switch edit {
            case .same:
                if !current.removed.isEmpty || !current.added.isEmpty { result.append(current) }
                current = Replacement(removed: [], added: [])
            case .removed(let x):
                if !current.added.isEmpty {
                    result.append(current)
                    current = Replacement(removed: [], added: [])
                }
                current.removed.append(x)
            case .added(let y):
                current.added.append(y)
            }
        }
        if !current.removed.isEmpty || !current.added.isEmpty { result.append(current) }
        return result
    }

    /// The hunks, with `context` unchanged lines around each change, in `diff -u` form.
    func unified(expectedName: String, actualName: String, context: Int = 3) -> String {
        var lines = ["--- \(expectedName)", "+++ \(actualName)"]
        let changed = edits.indices.filter { if case .same = edits[$0] { false } else { true } }
        var index = 0
        while index < changed.count {
            // A hunk grows while the next change is close enough for the contexts to touch.
            var last = index
            while last + 1 < changed.count, changed[last + 1] - changed[last] - 1 <= 2 * context { last += 1 }
            let start = max(0, changed[index] - context)
            let end = min(edits.count, changed[last] + context + 1)
            lines.append(header(edits[start..<end]))
            for edit in edits[start..<end] {
                switch edit {
                case .same(let x, _): lines.append(" " + expected[x])
                case .removed(let x): lines.append("-" + expected[x])
                case .added(let y): lines.append("+" + actual[y])
                }
            }
            index = last + 1
        }
        return lines.joined(separator: "\n")
    }

    private func header(_ hunk: ArraySlice<Edit>) -> String {
        var expectedLines: [Int] = [], actualLines: [Int] = []
        for edit in hunk {
            switch edit {
            case .same(let x, let y):
                expectedLines.append(x)
                actualLines.append(y)
            case .removed(let x): expectedLines.append(x)
            case .added(let y): actualLines.append(y)
            }
        }
        // diff -u numbers lines from 1; an empty side names the line before it.
        func range(_ lines: [Int], expectedSide: Bool) -> String {
            guard let first = lines.first else { return "\(position(in: hunk, expectedSide: expectedSide)),0" }
            return lines.count == 1 ? "\(first + 1)" : "\(first + 1),\(lines.count)"
        }
        return "@@ -\(range(expectedLines, expectedSide: true)) +\(range(actualLines, expectedSide: false)) @@"
    }

    /// For a hunk with no line on one side: how many lines of that side come before it.
    private func position(in hunk: ArraySlice<Edit>, expectedSide: Bool) -> Int {
        var count = 0
        for edit in edits[..<hunk.startIndex] {
            switch edit {
            case .same: count += 1
            case .removed: if expectedSide { count += 1 }
            case .added: if !expectedSide { count += 1 }
            }
        }
        return count
    }
}
