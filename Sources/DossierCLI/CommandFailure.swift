import DossierDocuments
import ArgumentParser
import DossierClient
import DossierEngine
import DossierOffice
import DossierStore
import DossierPostgres
import Foundation

/// A command's refusal: sentences for standard error and the exit status of CLI.md.
struct CommandFailure: Error, CustomStringConvertible {
    /// The exit statuses Dossier uses.
    enum Status: Int32 {
        /// Refused: validation errors, guards not met, not found, not allowed.
        case refused = 1
        /// The command line itself is wrong.
        case usage = 64
        /// Lost a race: the thing changed since it was read; run again.
        case conflict = 75
        /// Not authenticated, or not permitted: the message names the role needed.
        case notPermitted = 77
    }

    var message: String
    var status: Status

    init(_ message: String, status: Status = .refused) {
        self.message = message
        self.status = status
    }

    var description: String { message }
}

/// Runs a command body, turning any failure into sentences on standard error and an exit
/// status, so no command prints a stack of Swift types at a user.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let failure as CommandFailure {
        StandardError.print("error: \(failure.message)")
        throw ExitCode(failure.status.rawValue)
    } catch let failure as RemoteFailure {
        for line in failure.diagnostics { StandardError.print(line) }
        StandardError.print("error: \(failure.description)")
        throw ExitCode(failure.exitStatus)
    } catch let error as OfficeError {
        StandardError.print("error: \(error.description)")
        throw ExitCode(CommandFailure.Status(error).rawValue)
    } catch let error as StoreError {
        StandardError.print("error: \(error.description)")
        switch error {
        case .conflict, .busy: throw ExitCode(CommandFailure.Status.conflict.rawValue)
        case .readOnly: throw ExitCode(CommandFailure.Status.notPermitted.rawValue)
        default: break
        }
        throw ExitCode(CommandFailure.Status.refused.rawValue)
    } catch let error as PostgresLocationError {
        StandardError.print("error: \(error.description)")
        throw ExitCode(CommandFailure.Status.usage.rawValue)
    } catch let gap as WorkingCalendar.Gap {
        StandardError.print("error: \(gap.description)")
        throw ExitCode(CommandFailure.Status.refused.rawValue)
    } catch let refusal as Refusal {
        StandardError.print("error: \(refusal.description)")
        throw ExitCode(CommandFailure.Status.refused.rawValue)
    } catch let exit as ExitCode {
        throw exit
    } catch let error as CustomStringConvertible {
        StandardError.print("error: \(error.description)")
        throw ExitCode(CommandFailure.Status.refused.rawValue)
    }
}

extension CommandFailure.Status {
    /// The exit status for an office's refusal.
    init(_ error: OfficeError) {
        switch error {
        case .notPermitted, .notAuthenticated, .lockedOut, .mayNotRead, .departedActor: self = .notPermitted
        case .invalid: self = .usage
        default: self = .refused
        }
    }
}

/// Writing to standard error.
enum StandardError {
    /// Writes `text` and a line break; a refusal may quote what someone typed, so control
    /// characters other than line breaks are shown escaped.
    static func print(_ text: String) {
        FileHandle.standardError.write(Data((VisibleText.escaped(text, keeping: ["\n"]) + "\n").utf8))
    }
}
