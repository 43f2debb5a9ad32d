#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder backups (and `VACUUM INTO` copies) are written to, and the rules that keep every
/// name a host sends inside it.
///
/// A name is a plain file name: no path separators, not absolute, no `.` or `..`, no leading dot
/// (hidden names are where unfinished copies live), no NUL or control characters, not one of
/// SQLite's side-file suffixes, not a link leading outside the folder, and never the live
/// database or its archive. Copies are written to a hidden partial file created exclusively
/// (never through an existing link) and renamed over the final name only once complete, so a
/// reader of the folder never sees a torn backup and a cancelled one leaves nothing behind.
public struct BackupFolder: Sendable {
    /// The folder as configured (`--backups`); created on first use.
    public let path: String
    /// The live database (absolute); it, its side files and its archive are never a valid name.
    private let databasePath: String

    /// The prefix of names made when the host gives none: `database-20260101T000000Z.sqlite`.
    static let defaultPrefix = "database-"
    static let defaultSuffix = ".sqlite"
    /// Leaves room for the partial file's `.` and `.partial` within the usual 255-byte limit.
    static let maxNameBytes = 200

    public init(path: String, protecting databasePath: String) {
        self.path = path
        self.databasePath = FileSystem.absolutePath(databasePath)
    }

    /// Files a name must never resolve to: the live database, its side files, its archive, each
    /// spelled from the real path of the database's folder (so that links in the configured
    /// paths cannot hide a match) whether or not the file exists yet.
    private var protectedPaths: [String] {
        let folder = FileSystem.directory(of: databasePath)
        let realFolder = FileSystem.realPath(folder) ?? folder
        let name = databasePath.split(separator: "/").last.map(String.init) ?? databasePath
        let database = (realFolder == "/" ? "" : realFolder) + "/" + name
        let archive = ArchiveLocation.path(forDatabase: database)
        return ["", "-wal", "-shm", "-journal"].flatMap { [database + $0, archive + $0] }
    }

    // MARK: Names

    /// Refuses names that are not plain file names (see the type's comment); file-system checks
    /// (links, the live database) come in `resolve`.
    static func validate(_ name: String) throws {
        func refuse(_ reason: String) -> StoreError { .pathNotAllowed(name: name, reason: reason) }
        if name.isEmpty { throw refuse("it is empty") }
        if name.utf8.contains(0) { throw refuse("it contains a NUL character") }
        if name.hasPrefix("/") { throw refuse("it is an absolute path, and names are plain file names inside the backups folder") }
        if name.contains("/") || name.contains("\\") { throw refuse("it contains a path separator, and names are plain file names inside the backups folder") }
        if name == "." || name == ".." { throw refuse("it names a folder, not a file") }
        if name.hasPrefix(".") { throw refuse("it starts with a dot (hidden names are reserved for unfinished copies)") }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw refuse("it contains a control character")
        }
        if name.utf8.count > maxNameBytes { throw refuse("it is longer than \(maxNameBytes) bytes") }
        let lowercased = name.lowercased()
        if ["-wal", "-shm", "-journal"].contains(where: { lowercased.hasSuffix($0) }) {
            throw refuse("it ends in -wal, -shm or -journal, which SQLite reserves for a database's side files")
        }
    }

    /// The folder's real path (links resolved), creating it when missing.
    func realFolder() throws -> String {
        try FileSystem.createDirectories(path)
        guard let real = FileSystem.realPath(path) else {
            throw StoreError.fileSystem(path: path, message: "cannot resolve the backups folder \(path)")
        }
        return real
    }

    /// The absolute path `name` stands for, once it has passed every rule. An existing regular
    /// file (an older backup) may be replaced; a link may only lead to a file in this folder.
    public func resolve(_ name: String) throws -> String {
        try Self.validate(name)
        let folder = try realFolder()
        let candidate = folder + "/" + name
        switch FileSystem.kind(of: candidate) {
        case .symbolicLink?:
            guard let target = FileSystem.realPath(candidate) else {
                throw StoreError.pathNotAllowed(name: name, reason: "it is a symbolic link that leads nowhere")
            }
            guard FileSystem.directory(of: target) == folder else {
                throw StoreError.pathNotAllowed(name: name, reason: "it is a symbolic link that leads outside the backups folder")
            }
            if FileSystem.kind(of: target) != .file {
                throw StoreError.pathNotAllowed(name: name, reason: "it is a symbolic link to something that is not a file")
            }
            try refuseProtected(target, name: name)
        case .directory?:
            throw StoreError.pathNotAllowed(name: name, reason: "it is a folder")
        case .other?:
            throw StoreError.pathNotAllowed(name: name, reason: "it is not a regular file")
        case .file?, nil:
            break
        }
        try refuseProtected(candidate, name: name)
        return candidate
    }

    private func refuseProtected(_ candidate: String, name: String) throws {
        for protected in protectedPaths {
            if candidate == protected || FileSystem.isSameFile(candidate, protected) {
                throw StoreError.pathNotAllowed(name: name, reason: "it is the live database (or one of its files)")
            }
        }
    }

    // MARK: Reserving a name for a copy

    /// A name taken for a copy being written: the final path, and the hidden partial file that
    /// exists (empty) from now on and is renamed over the final path when the copy is complete.
    struct Reservation {
        let name: String
        let finalPath: String
        let partialPath: String

        /// Removes the unfinished copy (and any side files SQLite made next to it).
        func discard() { FileSystem.removeDatabaseFiles(partialPath) }

        /// Makes the copy durable and gives it its final name, atomically.
        func commit() throws {
            try FileSystem.synchronize(partialPath)
            try FileSystem.rename(partialPath, to: finalPath)
            try FileSystem.synchronize(FileSystem.directory(of: finalPath))
        }
    }

    /// Reserves `name`, or when nil `database-<UTC time>[-n].sqlite` with `n` above every
    /// sequence already used for that second (finished or not), so default names sort in the
    /// order the backups were made. Two copies to the same explicit name at once are refused
    /// (busy) rather than interleaved.
    func reserve(_ name: String?, secondsSinceEpoch: Int64) throws -> Reservation {
        if let name {
            let finalPath = try resolve(name)
            let partialPath = Self.partialPath(for: finalPath, name: name)
            guard try FileSystem.createExclusively(partialPath) else {
                throw StoreError.busy(message: "another copy is being written to \"\(name)\"")
            }
            return Reservation(name: name, finalPath: finalPath, partialPath: partialPath)
        }
        let folder = try realFolder()
        let stamp = Self.timestamp(secondsSinceEpoch)
        let used = try FileSystem.contentsOfDirectory(folder).compactMap { entry -> Int? in
            let finished = entry.hasPrefix(".") && entry.hasSuffix(".partial") ? String(entry.dropFirst().dropLast(".partial".count)) : entry
            guard let order = Self.defaultNameOrder(finished), order.stamp == stamp else { return nil }
            return order.sequence
        }
        let first = (used.max() ?? 0) + 1
        for sequence in first..<(first + 10_000) {
            let candidate = Self.defaultPrefix + stamp + (sequence == 1 ? "" : "-\(sequence)") + Self.defaultSuffix
            let finalPath = folder + "/" + candidate
            if FileSystem.kind(of: finalPath) != nil { continue }
            let partialPath = Self.partialPath(for: finalPath, name: candidate)
            if try FileSystem.createExclusively(partialPath) {
                return Reservation(name: candidate, finalPath: finalPath, partialPath: partialPath)
            }
        }
        throw StoreError.busy(message: "no free backup name for \(stamp)")
    }

    private static func partialPath(for finalPath: String, name: String) -> String {
        FileSystem.directory(of: finalPath) + "/." + name + ".partial"
    }

    /// `20260101T000000Z`: ISO 8601 basic format, UTC, safe in file names on every system.
    static func timestamp(_ secondsSinceEpoch: Int64) -> String {
        var time = time_t(secondsSinceEpoch)
        var parts = tm()
        gmtime_r(&time, &parts)
        func digits(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let fields: [(Int32, Int)] = [(parts.tm_year + 1900, 4), (parts.tm_mon + 1, 2), (parts.tm_mday, 2)]
        let times: [(Int32, Int)] = [(parts.tm_hour, 2), (parts.tm_min, 2), (parts.tm_sec, 2)]
        let date = fields.map { digits($0.0, $0.1) }.joined()
        let clock = times.map { digits($0.0, $0.1) }.joined()
        return date + "T" + clock + "Z"
    }

    // MARK: Retention

    /// The timestamp and sequence of a name made by `reserve(nil, ...)`, or nil for any other name.
    static func defaultNameOrder(_ name: String) -> (stamp: String, sequence: Int)? {
        guard name.hasPrefix(defaultPrefix), name.hasSuffix(defaultSuffix) else { return nil }
        let middle = Array(name.dropFirst(defaultPrefix.count).dropLast(defaultSuffix.count).utf8)
        guard middle.count >= 16 else { return nil }
        let stamp = middle[0..<16]
        let isDigit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        guard stamp[0..<8].allSatisfy(isDigit), stamp[8] == UInt8(ascii: "T"), stamp[9..<15].allSatisfy(isDigit),
              stamp[15] == UInt8(ascii: "Z") else { return nil }
        let rest = middle[16...]
        var sequence = 1
        if !rest.isEmpty {
            guard rest.first == UInt8(ascii: "-"), rest.count > 1, rest.dropFirst().allSatisfy(isDigit),
                  let number = Int(String(decoding: rest.dropFirst(), as: UTF8.self)), number >= 2 else { return nil }
            sequence = number
        }
        return (String(decoding: stamp, as: UTF8.self), sequence)
    }

    /// Backups with default names, oldest first (by the time in their name, then sequence).
    /// Names the host chose are not counted: retention never deletes a file someone named.
    func timestampedBackups() throws -> [String] {
        let folder = try realFolder()
        var found: [(name: String, stamp: String, sequence: Int)] = []
        for name in try FileSystem.contentsOfDirectory(folder) {
            guard let order = Self.defaultNameOrder(name), FileSystem.kind(of: folder + "/" + name) == .file else { continue }
            found.append((name, order.stamp, order.sequence))
        }
        found.sort { left, right in
            left.stamp != right.stamp ? left.stamp < right.stamp : left.sequence < right.sequence
        }
        return found.map(\.name)
    }

    /// Deletes the oldest default-named backups beyond the `keep` newest; returns their names.
    /// `sparing` (the backup just made) is never deleted, even if the clock went back and its
    /// name sorts first; it counts among the `keep`.
    func removeOldest(keeping keep: Int, sparing: String? = nil) throws -> [String] {
        let folder = try realFolder()
        var backups = try timestampedBackups()
        var kept = 0
        if let sparing, let index = backups.firstIndex(of: sparing) {
            backups.remove(at: index)
            kept = 1
        }
        let retained = max(0, keep - kept)
        guard backups.count > retained else { return [] }
        let doomed = Array(backups.prefix(backups.count - retained))
        for name in doomed { FileSystem.removeDatabaseFiles(folder + "/" + name) }
        return doomed
    }
}
