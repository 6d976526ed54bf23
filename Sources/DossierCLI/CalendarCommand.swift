import ArgumentParser
import DossierDefinition
import DossierEngine
import DossierService
import DossierXML

/// `dossier calendar …`: working days as the deployed calendars define them.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Working days: which dates count, and the date N working days after another.",
        discussion: """
            Calendars are deployed from Workflows/calendars/ (cn: mainland China with the State \
            Council's holidays and make-up workdays for 2024–2026; weekdays: Monday to Friday). A \
            year a calendar has no data for is an error, never a guess.

            How "within N working days of DATE" is counted: DATE itself never counts; the first \
            working day after it is day 1, and the deadline is the end of day N. So 3 working days \
            from Friday 2026-03-06 end on Wednesday 2026-03-11.
            """,
        subcommands: [CalendarDays.self, CalendarIsWorkday.self, CalendarAdd.self]
    )
}

/// `--calendar ID` and loading it from the store.
struct CalendarOptions: ParsableArguments {
    @OptionGroup var acting: ActingOptions

    @Option(help: ArgumentHelp("The calendar (default: cn).", valueName: "id"))
    var calendar: String = "cn"

    /// The calendar's latest version, through the server or from the store.
    func load() throws -> WorkingCalendar {
        let stored = APIBodies.version(try acting.definition(.calendar, id: calendar, version: nil))
        let tree = XMLTree.parse(Array(stored.source.utf8), file: "\(calendar)@\(stored.version)").tree
        guard let definition = tree.flatMap({ CalendarCompiler().compile($0).definition }) else {
            throw CommandFailure("stored calendar \(calendar) version \(stored.version) no longer compiles; the store was changed outside Dossier")
        }
        return WorkingCalendar(definition)
    }
}

/// A `YYYY-MM-DD` argument.
extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(iso: argument)
    }
}

/// `dossier calendar days --from DATE --to DATE`.
struct CalendarDays: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "days", abstract: "Every date in a range, whether it is a working day, and why.")

    @OptionGroup var options: CalendarOptions

    @Option(help: ArgumentHelp("The first date, e.g. 2026-02-01.", valueName: "date"))
    var from: CalendarDate

    @Option(help: ArgumentHelp("The last date, included.", valueName: "date"))
    var to: CalendarDate

    @Option(help: "table, json or csv.")
    var format: ListingFormat = .table

    func validate() throws {
        if to < from { throw ValidationError("--to \(to) is before --from \(from)") }
        if to.dayNumber - from.dayNumber > 3660 { throw ValidationError("ask for at most ten years at a time") }
    }

    func run() throws {
        try reportingFailures {
            let calendar = try options.load()
            var rows: [[Listing.Value]] = []
            for number in from.dayNumber...to.dayNumber {
                let date = CalendarDate(dayNumber: number)
                let day = try calendar.day(date)
                rows.append([.text(date.description), .text(date.weekday.name), .boolean(day.isWorkday), .text(day.reason),
                             .boolean(day.isProvisional)])
            }
            let listing = Listing(columns: [("date", "DATE"), ("weekday", "WEEKDAY"), ("workday", "WORKDAY"), ("reason", "REASON"),
                                            ("provisional", "PROVISIONAL")], rows: rows)
            print(listing.render(format), terminator: "")
        }
    }
}

/// `dossier calendar is-workday DATE`.
struct CalendarIsWorkday: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "is-workday",
        abstract: "Whether one date is a working day, and why. Exits 0 either way; 1 if the calendar has no data."
    )

    @OptionGroup var options: CalendarOptions

    @Argument(help: ArgumentHelp("The date, e.g. 2026-02-14.", valueName: "date"))
    var date: CalendarDate

    func run() throws {
        try reportingFailures {
            let day = try options.load().day(date)
            print("\(date) (\(date.weekday.name)) is \(day.isWorkday ? "a working day" : "not a working day"): \(day.reason)"
                  + (day.isProvisional ? " (provisional: the calendar has no data for \(date.year))" : ""))
        }
    }
}

/// `dossier calendar add DATE N`.
struct CalendarAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "The date N working days after DATE (DATE itself does not count)."
    )

    @OptionGroup var options: CalendarOptions

    @Argument(help: ArgumentHelp("The date counted from.", valueName: "date"))
    var date: CalendarDate

    @Argument(help: ArgumentHelp("How many working days, 1 or more.", valueName: "n"))
    var count: Int

    func validate() throws {
        if count < 1 { throw ValidationError("N counts working days from 1") }
        if count > 2000 { throw ValidationError("N is at most 2000 working days") }
    }

    func run() throws {
        try reportingFailures {
            let result = try options.load().adding(workingDays: count, to: date)
            print("\(result.date)" + (result.provisional ? " (provisional)" : ""))
        }
    }
}
