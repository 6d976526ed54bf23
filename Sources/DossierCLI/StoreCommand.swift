import ArgumentParser
import DossierOffice
import DossierPostgres
import Foundation

/// `dossier store copy --from PATH --to URL`.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move a store: copy a SQLite store into PostgreSQL.",
        subcommands: [StoreCopy.self]
    )
}

struct StoreCopy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a SQLite store into an empty PostgreSQL database, with its whole log.",
        discussion: """
            Every row is copied in one transaction; the copy's hash chain is audited and must end \
            at the store's own head before it is committed, so a failed copy leaves the database \
            empty. Only an administrator copies. Stop the store's server first: what is written \
            meanwhile is not in the copy. Serve the copy with `dossier serve --database URL \
            --signing-key STORE.signing-key` (the store's key signs on). The password comes from \
            PGPASSWORD or ~/.pgpass.
            Example: dossier store copy --from /srv/dossier/office.db --to postgres://dossier@db.internal/office
            """
    )

    @OptionGroup var acting: ActingOptions

    @Option(help: ArgumentHelp("The SQLite store to copy (default: --store, $DOSSIER_STORE, ./dossier.db).", valueName: "path"))
    var from: String?

    @Option(help: ArgumentHelp("The empty PostgreSQL database, postgres://USER@HOST[:PORT]/DATABASE[?sslmode=…].", valueName: "url"))
    var to: String

    func run() throws {
        try reportingFailures {
            var acting = self.acting
            if let from { acting.storeOptions.store = from }
            if acting.storeOptions.database != nil {
                throw CommandFailure("--database names the store to copy from, which is a SQLite file: give it with --from PATH", status: .usage)
            }
            let environment = ProcessInfo.processInfo.environment
            let location = try PostgresLocation(url: to, environment: environment, home: environment["HOME"])
            let copy = try acting.session().copyStore(to: location)
            print("copied \(acting.storeOptions.path) into \(location): \(copy.head.sequence) events, chain head \(copy.head.hash.prefix(16))…, audit intact")
        }
    }
}
