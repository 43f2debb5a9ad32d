#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations the store needs besides SQLite (backup folders, file sizes, atomic
/// renames), written against the C library so the module needs nothing from Foundation.
enum FileSystem {
    enum Kind: Equatable {
        case file, directory, symbolicLink, other
    }

    /// What is at `path`, without following a final symbolic link; nil when nothing is there.
    static func kind(of path: String) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// The size in bytes of the file at `path` (following links), or nil when there is none.
    static func size(of path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    /// Whether two paths name the same file (same device and inode), links followed.
    static func isSameFile(_ first: String, _ second: String) -> Bool {
        var a = stat()
        var b = stat()
        guard stat(first, &a) == 0, stat(second, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// The absolute path with every symbolic link, `.` and `..` resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `path` made absolute against the working directory (without resolving links).
    static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let current = getcwd(nil, 0) else { return path }
        defer { free(current) }
        let directory = String(cString: current)
        return directory == "/" ? "/" + path : directory + "/" + path
    }

    /// Creates `path` and any missing parent folders (`mkdir -p`); new folders get `mode`.
    static func createDirectories(_ path: String, mode: mode_t = 0o700) throws {
        if let existing = realPath(path), kind(of: existing) == .directory { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, mode) != 0 && errno != EEXIST {
                throw error(path: prefix, action: "cannot create the folder")
            }
            prefix += "/"
        }
        guard let resolved = realPath(path), kind(of: resolved) == .directory else {
            throw StoreError.fileSystem(path: path, message: "cannot create the folder: something else is in the way")
        }
    }

    /// The names in a folder (without `.` and `..`), unsorted.
    static func contentsOfDirectory(_ path: String) throws -> [String] {
        guard let directory = opendir(path) else { throw error(path: path, action: "cannot list the folder") }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Creates an empty file at `path`, failing if anything (a file, a link) is already there:
    /// the caller owns the name afterwards. Returns false when the name is taken.
    static func createExclusively(_ path: String) throws -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return false }
            throw error(path: path, action: "cannot create the file")
        }
        close(descriptor)
        return true
    }

    /// Removes a file if it is there; a missing file is not an error.
    static func removeFile(_ path: String) {
        _ = unlink(path)
    }

    /// Removes a database file together with the side files SQLite may have left next to it.
    static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { removeFile(path + suffix) }
    }

    /// Renames atomically; an existing file at `destination` is replaced (a link there is
    /// replaced itself, never followed).
    static func rename(_ source: String, to destination: String) throws {
        #if canImport(Glibc)
        let rc = Glibc.rename(source, destination)
        #else
        let rc = Darwin.rename(source, destination)
        #endif
        if rc != 0 { throw error(path: destination, action: "cannot rename \(source) to") }
    }

    /// Flushes a file's (or a folder's) contents to stable storage, so that a rename that
    /// follows cannot be persisted before the data it names.
    static func synchronize(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(path: path, action: "cannot open for syncing") }
        defer { close(descriptor) }
        if fsync(descriptor) != 0 { throw error(path: path, action: "cannot sync") }
    }

    /// The folder part of a path (`/a/b/c.sqlite` -> `/a/b`, `c.sqlite` -> `.`).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The error for the failed call that set `errno`; a full disk has its own kind.
    private static func error(path: String, action: String) -> StoreError {
        let code = errno
        let reason = String(cString: strerror(code))
        if code == ENOSPC || code == EDQUOT { return .diskFull(message: "\(action) \(path): \(reason)") }
        return .fileSystem(path: path, message: "\(action) \(path): \(reason)")
    }
}

/// Elapsed wall time on the monotonic clock, for the durations operations report.
struct Stopwatch {
    private let start = Stopwatch.nanoseconds()

    var elapsedMilliseconds: Int64 { (Stopwatch.nanoseconds() - start) / 1_000_000 }

    private static func nanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
