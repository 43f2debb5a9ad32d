#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file operations replaying needs (read, write, copy a folder, remove one, temporary
/// folders), written against the C library: the executable links no Foundation.
enum ReplayFiles {
    enum Kind { case file, directory }

    /// What is at `path` (links followed); nil when nothing is, or something else.
    static func kind(of path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return nil
        }
    }

    static func read(_ path: String) throws(ReplayError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReplayError("cannot read \(path): \(errorText())") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReplayError("cannot read \(path): \(errorText())")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// The file's bytes, or nil when there is no file at `path`.
    static func readIfPresent(_ path: String) throws(ReplayError) -> [UInt8]? {
        guard kind(of: path) == .file else { return nil }
        return try read(path)
    }

    static func readText(_ path: String) throws(ReplayError) -> String { String(decoding: try read(path), as: UTF8.self) }

    /// Writes `bytes` to a hidden file beside `path` and renames it over `path`, so a reader
    /// (or an interrupted run) never sees half a file.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(ReplayError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let partial = folder + "/." + name + ".partial-\(getpid())"
        try write(bytes, to: partial, mode: 0o644)
        guard rename(partial, path) == 0 else {
            let message = errorText()
            unlink(partial)
            throw ReplayError("cannot write \(path): \(message)")
        }
    }

    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(ReplayError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw ReplayError("cannot write \(path): \(errorText())") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReplayError("cannot write \(path): \(errorText())")
            }
            offset += count
        }
    }

    /// The names in a folder, without `.` and `..`, sorted.
    static func contents(of path: String) throws(ReplayError) -> [String] {
        guard let directory = opendir(path) else { throw ReplayError("cannot list \(path): \(errorText())") }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Copies a file, or a folder with everything in it, onto `destination`; files already
    /// there are replaced, others kept (a folder copied onto a folder merges into it).
    static func copy(_ source: String, to destination: String) throws(ReplayError) {
        switch kind(of: source) {
        case .file:
            try write(try read(source), to: destination)
        case .directory:
            if kind(of: destination) != .directory && mkdir(destination, 0o755) != 0 {
                throw ReplayError("cannot create \(destination): \(errorText())")
            }
            for name in try contents(of: source) {
                try copy(source + "/" + name, to: destination + "/" + name)
            }
        case nil:
            throw ReplayError("cannot copy \(source): no such file or folder")
        }
    }

    /// Removes a file or a folder with everything in it (links are removed, never followed).
    static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            for name in (try? contents(of: path)) ?? [] { remove(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// A new, empty folder under the system's temporary folder, its path with links resolved
    /// (so that it is the path the server prints).
    static func makeTemporaryFolder(prefix: String) throws(ReplayError) -> String {
        var base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        var template = Array((base + "/" + prefix + "-XXXXXX").utf8CString)
        let path: String? = template.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!).map { String(cString: $0) }
        }
        guard let path else { throw ReplayError("cannot create a temporary folder in \(base): \(errorText())") }
        return realPath(path) ?? path
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The folder part of a path (`.` for a bare name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

// `read` and `write` are also the names of this type's methods; these reach the C library's.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(fd, buffer, count)
    #else
    Darwin.read(fd, buffer, count)
    #endif
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}
