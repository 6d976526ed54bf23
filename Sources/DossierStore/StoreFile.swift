import Foundation

/// What this account may do with a store's file.
enum StoreFile {
    /// Whether this account may change the store at `path`: the file itself, and the journal
    /// beside it (`-wal`, `-shm`), which SQLite makes in the file's folder unless it is there.
    static func mayWrite(_ path: String) -> Bool {
        guard access(path, W_OK) == 0 else { return false }
        if access(path + "-wal", W_OK) == 0, access(path + "-shm", W_OK) == 0 { return true }
        let folder = (path as NSString).deletingLastPathComponent
        return access(folder.isEmpty ? "." : folder, W_OK) == 0
    }
}
