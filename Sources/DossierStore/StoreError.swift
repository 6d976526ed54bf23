import DossierEngine
import Foundation

/// Why a store could not be opened or changed. Each description is a sentence that says what
/// to do.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    static func format(_ date: Date) -> String {
        (LocalTime(identifier: "Asia/Shanghai") ?? LocalTime(.current)).minutes(date)
    }

    /// No store at the path.
    case missing(path: String)
    /// A store already exists where one was to be created.
    case alreadyExists(path: String)
    /// A store is created at a real path, never through a symbolic link (which could point
    /// anywhere, and which a failed creation must not remove).
    case symbolicLink(path: String, target: String)
    /// A copy of the store was to be written to `path`, where a file already is.
    case fileExists(path: String)
    /// The file is not a Dossier store, or is damaged.
    case unreadable(path: String, reason: String)
    /// The store was made by a newer Dossier.
    case newerFormat(path: String, migration: String)
    /// The store has an older format and was opened without bringing it up to date.
    case olderFormat(path: String)
    /// Another command changed the same thing first; running again will see its result.
    case conflict(String)
    /// Something with that name exists already.
    case duplicate(String)
    /// The archive-number sequence outgrew its width.
    case archiveNumbersExhausted(pattern: String, largest: Int)
    /// A moment earlier than the store's last event.
    case timeGoesBackwards(requested: Date, last: Date)
    /// Nothing with that number; the message says where to look.
    case notFound(String)
    /// The change was made before and is not made twice.
    case alreadyDone(String)
    /// Another process held the store's write lock for longer than a command waits; `cause` is
    /// SQLite's own message.
    case busy(path: String, cause: String)
    /// This account may read the store but not write it (the file, or the folder its journal
    /// lives in, belongs to someone else); `cause` is SQLite's own message.
    case readOnly(path: String, cause: String)
    /// The database refused a write for another reason; nothing was written. `cause` is its message.
    case writeFailed(path: String, cause: String)

    public var description: String {
        switch self {
        case .missing(let path):
            "there is no Dossier store at \(path); create one with `dossier init` or name another with --store"
        case .alreadyExists(let path):
            "a store already exists at \(path) and was left unchanged; deploy changed workflows with `dossier workflow deploy`, or choose another --store"
        case .fileExists(let path):
            "\(path) already exists and was left unchanged; a copy of a store is written to a new file: name another"
        case .symbolicLink(let path, let target):
            "\(path) is a symbolic link (to \(target)) and was left as it is; a store is created at a real path: name it with --store"
        case .unreadable(let path, let reason):
            "\(path) cannot be opened as a Dossier store: \(reason)"
        case .newerFormat(let path, let migration):
            "\(path) was written by a newer Dossier (it has migration '\(migration)'); use that version"
        case .olderFormat(let path):
            "\(path) has an older format and was opened without bringing it up to date; any dossier command that opens it normally migrates it"
        case .conflict(let what):
            "\(what) changed while this command ran (someone else acted on it first); nothing was written: look at it again and rerun if still needed"
        case .duplicate(let message), .notFound(let message), .alreadyDone(let message):
            message
        case .archiveNumbersExhausted(let pattern, let largest):
            "archive pattern \(pattern) has used all \(largest) numbers of its sequence; widen {seq:N} in a new workflow version"
        case .busy(let path, _):
            "the store \(path) is busy: another command has held it for writing for the last 10 seconds (a long sweep?); nothing was written: run this again in a moment"
        case .readOnly(let path, _):
            "this account may read the store \(path) but not change it (the file or its folder is not writable here); nothing was written: run the command as the store's owner, or through its server (--server)"
        case .writeFailed(let path, let cause):
            "the store \(path) could not be written (the database said: \(cause)); nothing was written"
        case .timeGoesBackwards(let requested, let last):
            "time never goes backwards in a store: \(Self.format(requested)) is before the store's time, \(Self.format(last)) (its last event, or its clock: `dossier clock`); use a later time"
        }
    }
}
