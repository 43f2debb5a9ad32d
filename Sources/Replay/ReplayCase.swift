/// One recorded session to replay: `<case>.in.jsonl` (the lines a host sent) and its companions,
/// all named after it:
///
/// - `<case>.out.jsonl`: the answers expected, one line each, in request order.
/// - `<case>.args`: extra server flags, separated by spaces or newlines (`$TMP` is the case's
///   temporary folder).
/// - `<case>.setup.jsonl`: lines sent first, by a separate server process, to prepare the
///   database; their answers are not compared.
/// - `<case>.schema.json`: the declared schema (`wizdb.schema.json` beside the database).
/// - `<case>.base-migrations`: the path of a shared migrations folder, relative to the case's
///   folder, copied to the case's `migrations` folder.
/// - `<case>.migrations/`: migration files added on top of those.
public struct ReplayCase: Sendable, Hashable, CustomStringConvertible {
    /// The path of the `.in.jsonl` file, as found from the paths given.
    public let inputPath: String

    public init(inputPath: String) { self.inputPath = inputPath }

    public static let inputSuffix = ".in.jsonl"

    /// The path without `.in.jsonl`: how reports name the case.
    public var name: String { String(inputPath.dropLast(Self.inputSuffix.count)) }
    public var description: String { name }

    public var outputPath: String { name + ".out.jsonl" }
    var argumentsPath: String { name + ".args" }
    var setupPath: String { name + ".setup.jsonl" }
    public var schemaPath: String { name + ".schema.json" }
    var migrationsPath: String { name + ".migrations" }
    var baseMigrationsPath: String { name + ".base-migrations" }

    /// Every case named by `paths`: a `.in.jsonl` file, a case's name without the suffix, or a
    /// folder searched recursively (hidden entries and `<case>.migrations` folders skipped).
    /// Sorted by path within each folder given, without duplicates.
    public static func discover(_ paths: [String]) throws(ReplayError) -> [ReplayCase] {
        var found: [ReplayCase] = []
        var seen = Set<String>()
        for given in paths {
            var path = given
            while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
            var cases: [ReplayCase] = []
            switch ReplayFiles.kind(of: path) {
            case .directory:
                try collect(under: path, into: &cases)
            case .file where path.hasSuffix(inputSuffix):
                cases = [ReplayCase(inputPath: path)]
            case .file:
                throw ReplayError("\(given) is not a case: a case is a <name>\(inputSuffix) file")
            case nil where ReplayFiles.kind(of: path + inputSuffix) == .file:
                cases = [ReplayCase(inputPath: path + inputSuffix)]
            case nil:
                throw ReplayError("\(given): no such file or folder")
            }
            for replayCase in cases.sorted(by: { $0.inputPath < $1.inputPath }) {
                let key = ReplayFiles.realPath(replayCase.inputPath) ?? replayCase.inputPath
                if seen.insert(key).inserted { found.append(replayCase) }
            }
        }
        return found
    }

    private static func collect(under folder: String, into cases: inout [ReplayCase]) throws(ReplayError) {
        for name in try ReplayFiles.contents(of: folder) where !name.hasPrefix(".") {
            let path = folder == "." ? name : folder + "/" + name
            switch ReplayFiles.kind(of: path) {
            case .directory where !name.hasSuffix(".migrations"):
                try collect(under: path, into: &cases)
            case .file where name.hasSuffix(inputSuffix) && name.count > inputSuffix.count:
                cases.append(ReplayCase(inputPath: path))
            default:
                break
            }
        }
    }
}
