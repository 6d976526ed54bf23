import Foundation

/// Where `render -o FILE` may write: a new file, or an existing regular file that is not a
/// SQLite database (the store, or any other). Never a device, a FIFO, a directory or a symbolic
/// link, and never through a path that changes under it: the document goes to a temporary file
/// beside the target, made with the target's mode when it exists (0600 when it is new: a document
/// holds dossier contents), and is renamed over it whole.
enum DocumentFile {
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        var status = stat()
        var mode: mode_t = 0o600
        if lstat(path, &status) == 0 {
            let type = status.st_mode & S_IFMT
            guard type != S_IFLNK else {
                throw CommandFailure("-o \(path) is a symbolic link; name the file it points to, or a new file")
            }
            guard type == S_IFREG else {
                throw CommandFailure("-o \(path) is not a regular file (a \(describe(type))); a document is written only to a file")
            }
            if isSQLiteDatabase(path) {
                throw CommandFailure("-o \(path) is a SQLite database (a Dossier store?); a document never replaces one: choose another file")
            }
            mode = status.st_mode & 0o777
        } else if errno != ENOENT {
            throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        let folder = url.deletingLastPathComponent().path
        var template = Array((folder + "/.dossier-render-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else { throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
        let temporary = template.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { String(cString: $0) } ?? "" }
        var written = true
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { written = false; break }
            offset += count
        }
        let failure = String(cString: strerror(errno))
        if written, fchmod(descriptor, mode) != 0 || fsync(descriptor) != 0 { written = false }
        close(descriptor)
        guard written, rename(temporary, path) == 0 else {
            let reason = written ? String(cString: strerror(errno)) : failure
            unlink(temporary)
            throw CommandFailure("cannot write \(path): \(reason)")
        }
    }

    /// Whether the file at `path` begins as every SQLite database does.
    static func isSQLiteDatabase(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        return header == Data("SQLite format 3\0".utf8)
    }

    private static func describe(_ type: mode_t) -> String {
        switch type {
        case S_IFDIR: "directory"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        case S_IFIFO: "FIFO"
        case S_IFSOCK: "socket"
        default: "special file"
        }
    }
}
