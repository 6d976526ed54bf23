import DossierOffice
import ArgumentParser
import DossierEngine

/// `dossier fines list [--person U] [--month YYYY-MM]`.
struct FinesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List fines, oldest first, with amount, nth in the month, factor and why.",
        discussion: """
            Example: dossier fines list --person alice --month 2026-03 --format csv
            """
    )

    @OptionGroup var acting: ActingOptions

    @Option(help: ArgumentHelp("Only fines this person pays.", valueName: "user"))
    var person: String?

    @Option(help: ArgumentHelp("Only fines of this month, e.g. 2026-03.", valueName: "month"))
    var month: String?

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func validate() throws {
        if let month, !ReportMonth.isValid(month) { throw ValidationError("--month \(month) is not a month such as 2026-03") }
    }

    func run() throws {
        try reportingFailures {
            let fines = try FineStatement.fines(acting, payers: person.map { [$0] }, month: month)
            print(FineStatement.listing(fines, format: format).render(format), terminator: "")
        }
    }
}

/// `--month YYYY-MM`, required, for statements and reports.
struct MonthOption: ParsableArguments {
    @Option(help: ArgumentHelp("The month, e.g. 2026-03.", valueName: "month"))
    var month: String

    func validate() throws {
        if !ReportMonth.isValid(month) { throw ValidationError("--month \(month) is not a month such as 2026-03") }
    }
}

/// A month given as `YYYY-MM`.
enum ReportMonth {
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]) else { return false }
        return year >= 1900 && (1...12).contains(month)
    }
}
