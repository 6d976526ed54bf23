import ArgumentParser
import DossierAPI
import DossierService
import DossierStore
import Foundation

/// How what a person holds reads in command output, the same through a server and locally.
enum HoldingsText {
    static func lines(_ holdings: HoldingsBody) -> [String] {
        var lines: [String] = []
        if holdings.stillHeld.isEmpty {
            lines.append("\(holdings.person) holds nothing more in the office")
        } else {
            lines.append("\(holdings.person) still holds:")
            lines += holdings.stillHeld.map { "  - \($0)" }
        }
        if !holdings.fines.isEmpty {
            lines.append("fines to settle: \(holdings.fines.map { "#\($0)" }.joined(separator: " ")) (\(holdings.finesDue) in all): `dossier fines settle --person \(holdings.person) --note …`")
        }
        if !holdings.customers.isEmpty {
            lines.append("customers to inform: " + holdings.customers.joined(separator: ", "))
        }
        return lines
    }
}

/// `dossier staff holdings USER`.
struct StaffHoldings: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holdings",
        abstract: "What a person still holds: roles in dossiers, loans, certificates, fines and customers to inform.",
        discussion: """
            What a departure lists and what keeps an account from being deactivated: each role in a \
            running dossier (or a filed one whose follow-up calls are still owed), each loan out to \
            them, each title certificate in their keeping, each fine neither waived nor settled. \
            The customers to inform are listed too. Seen by the person, an administrator, or someone in their departure.
            Example: dossier staff holdings sam --format json
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The person's login.", valueName: "user"))
    var user: String

    @Option(help: "table or json.")
    var format: ListingFormat = .table

    func validate() throws {
        if format == .csv { throw ValidationError("--format csv: what a person holds is not one table; use table or json") }
    }

    func run() throws {
        try reportingFailures {
            let holdings = try acting.perform(remote: { [user] in try await $0.holdings(of: user) },
                                              local: { APIBodies.body(try $0.holdings(of: user)) })
            if format == .json {
                print(String(decoding: try APICoding.encoder().encode(holdings), as: UTF8.self))
            } else {
                print(HoldingsText.lines(holdings).joined(separator: "\n"))
            }
        }
    }
}

/// `dossier staff depart USER --successor USER2 [--supervisor USER3]`.
struct StaffDepart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "depart",
        abstract: "Open a person's departure (离职交接): the list of what they hold, with their successor and supervisor.",
        discussion: """
            An administrator opens it. It is a dossier of the departure workflow: roles pass to the \
            successor with `dossier staff transfer USER`, loans come back, and once nothing is held \
            the leaver, the successor and the supervisor (by default whoever opens it) sign it with \
            `dossier task advance TASK sign`. Then `dossier staff deactivate USER`.
            Example: dossier staff depart sam --successor sue --supervisor mia
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The person who leaves.", valueName: "user"))
    var user: String

    @Option(help: ArgumentHelp("Who takes over at once.", valueName: "user"))
    var successor: String

    @Option(help: ArgumentHelp("Who receives and signs the list; you by default.", valueName: "user"))
    var supervisor: String?

    func run() throws {
        try reportingFailures {
            let request = DepartureRequest(successor: successor, supervisor: supervisor)
            let departure = try acting.perform(remote: { [user] in try await $0.depart(user, request) }, local: { session in
                let (dossier, task, holdings) = try session.depart(user, successor: request.successor, supervisor: request.supervisor)
                return DepartureBody(dossier: dossier.id, task: task.map(APIBodies.body), holdings: APIBodies.body(holdings))
            })
            print("opened \(user)'s departure as dossier \(departure.dossier), \(successor) taking over")
            print(HoldingsText.lines(departure.holdings).joined(separator: "\n"))
            if let task = departure.task { print(TaskText.line(TaskSummary(task))) }
        }
    }
}

/// `dossier staff transfer USER [--to USER2] [--dossier N]`.
struct StaffTransfer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Hand every role a leaver holds to their successor, each dossier's history naming both.",
        discussion: """
            By an administrator or the departure's supervisor. Every role in a running dossier (and \
            in a filed one whose duties are still owed) passes to the departure's successor, or to \
            --to USER; --dossier N moves only that dossier's. Four-eyes holds in each dossier: if one \
            transfer is refused, none is made. Loans are returned, not transferred.
            Example: dossier staff transfer sam --to sue
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The person who leaves.", valueName: "user"))
    var user: String

    @Option(help: ArgumentHelp("Who takes over; the departure's successor by default.", valueName: "user"))
    var to: String?

    @Option(help: ArgumentHelp("Only this dossier's roles.", valueName: "dossier"))
    var dossier: Int?

    func run() throws {
        try reportingFailures {
            let request = TransferRequest(to: to, dossier: dossier)
            let made = try acting.perform(remote: { [user] in try await $0.transfer(from: user, request) }, local: { session in
                try session.transfer(from: user, to: request.to, dossier: request.dossier)
                    .map { TransferBody(dossier: $0.dossier, workflow: $0.workflow, role: $0.role, from: $0.from, to: $0.to) }
            })
            if made.isEmpty { print("\(user) holds no role to transfer") }
            for transfer in made {
                print("dossier \(transfer.dossier) (\(transfer.workflow)): \(transfer.role) passes from \(transfer.from) to \(transfer.to)")
            }
        }
    }
}

/// `dossier staff deactivate USER --reason TEXT`.
struct StaffDeactivate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deactivate",
        abstract: "Deactivate a person who has left, once their departure is signed and they hold nothing.",
        discussion: """
            Only an administrator. Refused with the list of what the person still holds, or while \
            their departure is not signed. They stay in the directory and in every dossier's history, \
            but can neither act nor be assigned.
            Example: dossier staff deactivate sam --reason "left on 31 March"
            """
    )

    @OptionGroup var acting: ActingOptions

    @Argument(help: ArgumentHelp("The person who left.", valueName: "user"))
    var user: String

    @Option(help: "Why, for the log.")
    var reason: String

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why") }
    }

    func run() throws {
        try reportingFailures {
            try acting.perform(remote: { [user, reason] in try await $0.deactivate(user, reason: reason) },
                               local: { try $0.deactivate(user, reason: reason) })
            print("\(user) deactivated: they can no longer act or be assigned")
        }
    }
}
