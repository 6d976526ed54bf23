import ArgumentParser

/// `dossier audit …`.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the event log.",
        subcommands: [AuditVerify.self]
    )
}

/// `dossier audit verify`.
struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chain of the whole event log and check the current state against it.",
        discussion: """
            Every event carries a SHA-256 hash over its content and the previous event's hash. An \
            event edited, deleted or inserted outside Dossier breaks the chain; verify names the \
            first such event, and also any dossier whose current state disagrees with its log. \
            Exits 1 when anything is wrong.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let report = try storeOptions.open().verifyAudit()
            guard report.problems.isEmpty else {
                throw CommandFailure("the audit log is not intact (\(report.eventsChecked) events read):\n"
                                     + report.problems.map { "  - \($0)" }.joined(separator: "\n"))
            }
            print("audit log intact: \(report.eventsChecked) events, hash chain verified, every dossier agrees with its log")
        }
    }
}
