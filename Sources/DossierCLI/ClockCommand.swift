import ArgumentParser
import DossierAPI
import DossierEngine
import DossierOffice
import Foundation

/// `dossier clock [set TIME | advance DURATION]`: a simulation store's own clock.
struct ClockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock",
        abstract: "Show a simulation store's clock, or move it on.",
        discussion: """
            A simulation store keeps its own time: every command without --at acts at it, so a \
            simulated April stays April. It is the time of the store's last event, or later where \
            it was set: a command with --at moves it on by what it records, `dossier clock set \
            TIME` and `dossier clock advance 3d` (d days, h hours, w weeks) move it on without \
            recording anything. It never goes back. A production store keeps the real clock.
            """,
        subcommands: [ClockShow.self, ClockSet.self, ClockAdvance.self],
        defaultSubcommand: ClockShow.self
    )
}

/// `dossier clock`.
struct ClockShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the time the store acts at.")

    @OptionGroup var acting: ActingOptions

    func run() throws {
        try reportingFailures {
            let clock = try acting.perform(remote: { try await $0.clock() }, local: { office in
                ClockBody(at: try office.clockTime(), simulation: office.isSimulation)
            })
            print(ClockSet.sentence(clock))
        }
    }
}

/// `dossier clock set TIME`.
struct ClockSet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Move a simulation store's clock on to TIME.")

    @Argument(help: ArgumentHelp("The new time, e.g. 2026-04-10T09:00.", valueName: "time"))
    var time: String

    @OptionGroup var acting: ActingOptions

    func validate() throws {
        if Session.localTime.parse(time) == nil {
            throw ValidationError("\(time) is not a time such as 2026-04-10T09:00, \(LocalTime.acceptedMomentsText)")
        }
    }

    func run() throws {
        try reportingFailures {
            guard let moment = Session.localTime.parse(time) else { throw ExitCode(64) }
            print(Self.sentence(try Self.set(moment, acting)))
        }
    }

    static func set(_ moment: Date, _ acting: ActingOptions) throws -> ClockBody {
        try acting.perform(remote: { try await $0.setClock(to: moment) }, local: { office in
            ClockBody(at: try office.setClock(to: moment), simulation: true)
        })
    }

    static func sentence(_ clock: ClockBody) -> String {
        clock.simulation ? "the store's clock: \(Session.local(clock.at))" : "this production store keeps the real clock: \(Session.local(clock.at))"
    }
}

/// `dossier clock advance DURATION`.
struct ClockAdvance: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "advance", abstract: "Move a simulation store's clock on by DURATION: 3d, 12h, 2w.")

    @Argument(help: ArgumentHelp("How far: a whole number and d (days), h (hours) or w (weeks), e.g. 3d.", valueName: "duration"))
    var duration: String

    @OptionGroup var acting: ActingOptions

    /// The seconds `text` stands for, at most ten years.
    static func seconds(_ text: String) -> Double? {
        guard let unit = text.last, let amount = Int(text.dropLast()), amount > 0 else { return nil }
        let seconds: Int
        switch unit {
        case "h": seconds = 3600
        case "d": seconds = 86_400
        case "w": seconds = 7 * 86_400
        default: return nil
        }
        guard amount <= 3_660 * 86_400 / seconds else { return nil }
        return Double(amount * seconds)
    }

    func validate() throws {
        if Self.seconds(duration) == nil {
            throw ValidationError("\(duration) is not a duration such as 3d, 12h or 2w (at most ten years)")
        }
    }

    func run() throws {
        try reportingFailures {
            guard let seconds = Self.seconds(duration) else { throw ExitCode(64) }
            let now = try acting.perform(remote: { try await $0.clock() }, local: { office in
                ClockBody(at: try office.clockTime(), simulation: office.isSimulation)
            })
            print(ClockSet.sentence(try ClockSet.set(now.at.addingTimeInterval(seconds), acting)))
        }
    }
}
