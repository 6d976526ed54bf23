import ArgumentParser
import DossierAPI
import DossierService

/// `dossier borrow return LOAN [--missing ITEM…] [--damaged ITEM…]`.
struct BorrowReturn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return",
        abstract: "Take a dossier back, checked item by item against the register (the archivist).",
        discussion: """
            Name every item that did not come back (--missing), came back damaged (--damaged) or \
            with fewer pages than the register has (--pages ITEM=N); the loan then stays open as \
            returned incomplete and the borrower is fined per item under the lost-item rule. \
            Without any, the loan is closed.
            Example: dossier borrow return 5 --missing site-visit-record --pages credit-report=4 --as carol
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The loan's number.", valueName: "loan"))
    var loan: Int

    @Option(help: ArgumentHelp("An item of the register that did not come back.", valueName: "item"))
    var missing: [String] = []

    @Option(help: ArgumentHelp("An item that came back damaged.", valueName: "item"))
    var damaged: [String] = []

    @Option(help: ArgumentHelp("The pages counted of an item, compared with the register (fewer: incomplete).", valueName: "item=n"))
    var pages: [KeyValue] = []

    func validate() throws {
        for (item, count) in try KeyValue.dictionary(pages, option: "pages") where Int(count).map({ $0 < 0 }) ?? true {
            throw ValidationError("--pages \(item)=\(count): give the number of pages counted, e.g. --pages \(item)=5")
        }
    }

    func run() throws {
        try reportingFailures {
            let counted = try KeyValue.dictionary(pages, option: "pages").compactMapValues { Int($0) }
            let change = try acting.perform(remote: { [loan, missing, damaged] in
                try await $0.returnLoan(loan, ReturnRequest(missing: missing, damaged: damaged, pages: counted))
            }, local: { APIBodies.body(try $0.returnLoan(loan, missing: missing, damaged: damaged, pages: counted)) })
            print(LoanText.change(change))
        }
    }
}
