import ArgumentParser
import DossierAPI
import DossierClient
import Foundation

/// `dossier session list|revoke`.
struct SessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "List and end your sessions with the server (everyone's, for an admin).",
        subcommands: [SessionList.self, SessionRevoke.self]
    )
}

/// `dossier session list [--all]`.
struct SessionList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Your live sessions; everyone's with --all (admin).")

    @OptionGroup var acting: ActingOptions

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    @Flag(help: "Everyone's sessions (needs the staff role admin).")
    var all = false

    func run() throws {
        try reportingFailures {
            guard let remote = try acting.remote() else {
                throw CommandFailure("sessions belong to a server: log in with `dossier login --server URL`, or name one with --server", status: .usage)
            }
            let sessions = try Blocking.run { [all] in try await remote.sessions(all: all) }
            let listing = Listing(columns: [("session", "SESSION"), ("staff", "USER"), ("created_at", "CREATED"), ("last_used_at", "LAST USED"),
                                            ("idle_expires_at", "IDLE UNTIL"), ("expires_at", "ENDS"), ("client", "CLIENT")],
                                  rows: sessions.map { session in
                                      [.integer(session.id), .text(session.staff), .moment(session.createdAt), .moment(session.lastUsedAt),
                                       .moment(session.idleExpiresAt), .moment(session.expiresAt), session.client.map(Listing.Value.text) ?? .null]
                                  })
            print(listing.render(format), terminator: "")
        }
    }
}

/// `dossier session revoke ID`.
struct SessionRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "End a session: yours, or anyone's for an admin.")

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The session's number (see `dossier session list`).", valueName: "id"))
    var id: Int

    func run() throws {
        try reportingFailures {
            guard let remote = try acting.remote() else {
                throw CommandFailure("sessions belong to a server: log in with `dossier login --server URL`, or name one with --server", status: .usage)
            }
            try Blocking.run { [id] in try await remote.revokeSession(id) }
            print("session \(id) ended")
        }
    }
}
