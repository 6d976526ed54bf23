import ArgumentParser
import DossierAPI
import DossierDocuments
import DossierService

/// `dossier certificates hand DOSSIER --to USER [--list N]`.
struct CertificatesHand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hand",
        abstract: "Hand a dossier's certificates in the safe to another keeper (a keeper leaving, a new archivist).",
        discussion: """
            By their keeper or an administrator, to someone who may hold the workflow's keeper role. \
            Every list in the safe, or --list N. The dossier's history names both keepers.
            Example: dossier certificates hand 1 --to dora
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
    var id: Int

    @Option(help: ArgumentHelp("The new keeper's login.", valueName: "user"))
    var to: String

    @Option(help: ArgumentHelp("Only this list.", valueName: "n"))
    var list: Int?

    func run() throws {
        try CertificateMoveText.perform(acting: acting, dossier: id, returning: false, CertificateMoveRequest(to: to, list: list, note: nil))
    }
}

/// `dossier certificates return DOSSIER --to NAME [--list N] [--note TEXT]`.
struct CertificatesReturn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return",
        abstract: "Give a dossier's certificates in the safe back to their owner, out of the safe (a loan repaid; before destruction).",
        discussion: """
            By their keeper or an administrator. Every list in the safe, or --list N; the owner's \
            name and the note go into the dossier's history.
            Example: dossier certificates return 1 --to "Hongda Trading Ltd" --note "loan repaid"
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The dossier's number.", valueName: "dossier"))
    var id: Int

    @Option(help: ArgumentHelp("Who receives them: the owner.", valueName: "name"))
    var to: String

    @Option(help: ArgumentHelp("Only this list.", valueName: "n"))
    var list: Int?

    @Option(help: "Why, for the history.")
    var note: String?

    func validate() throws {
        if to.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--to: say to whom the certificates go back") }
    }

    func run() throws {
        try CertificateMoveText.perform(acting: acting, dossier: id, returning: true, CertificateMoveRequest(to: to, list: list, note: note))
    }
}

/// Moving certificates, the same through a server and locally.
enum CertificateMoveText {
    static func perform(acting: ActingOptions, dossier: Int, returning: Bool, _ request: CertificateMoveRequest) throws {
        try reportingFailures {
            let moved = try acting.perform(remote: { try await $0.moveCertificates(dossier: dossier, returning: returning, request) },
                                           local: { office in
                                               APIBodies.body(returning
                                                   ? try office.returnCertificates(dossier: dossier, list: request.list, to: request.to, note: request.note)
                                                   : try office.handCertificates(dossier: dossier, list: request.list, to: request.to))
                                           })
            let lists = moved.lists.map(String.init).joined(separator: ", ")
            print(VisibleText.escaped(moved.returned
                  ? "certificate list \(lists) of dossier \(moved.dossier) returned to \(moved.to): out of the safe"
                  : "certificate list \(lists) of dossier \(moved.dossier) now kept by \(moved.to) (was \(moved.from.joined(separator: ", ")))"))
        }
    }
}
