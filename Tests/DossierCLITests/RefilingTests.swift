import Foundation
import Testing

/// The yearly re-filing of departed tenants' dossiers (`Workflows/yearly-refiling.xml`) with its
/// printed catalogue of the tenant files (`Workflows/tenant-file.xml`) that moved out since the
/// last re-filing, through the built binary on a simulation store.
@Suite("The yearly re-filing through the binary")
struct RefilingTests {
    /// The office of `BackupDutyTests` with a leasing handler (harry) and two archivists.
    static func office() throws -> BackupDutyTests.Office {
        let office = try BackupDutyTests.Office(admins: ["ada"])
        for (person, role) in [("harry", "handler"), ("carl", "archivist"), ("cleo", "archivist")] {
            let added = try office.run(["staff", "add", person, "--name", person.capitalized, "--role", role], as: "ada", at: "2026-04-20T08:00")
            guard added.status == 0 else { throw FixtureFailure("staff add failed: \(added.stderr)") }
        }
        #expect(try office.run(["tick"], as: "ada", at: "2026-04-20T09:00").status == 0)
        return office
    }

    /// The open task of `dossier`.
    static func openTask(of dossier: String, in office: BackupDutyTests.Office) throws -> String {
        let listed = try office.run(["task", "list", "--dossier", dossier, "--format", "json"], as: "ada")
        let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        guard let task = rows.first(where: { $0["status"] as? String != "done" })?["task"] as? Int else { throw FixtureFailure("dossier \(dossier) has no open task: \(listed.stdout)") }
        return String(task)
    }

    /// Starts, compiles and files a tenant's dossier on `day`; returns its number.
    static func fileTenant(_ tenant: String, unit: String, on day: String, in office: BackupDutyTests.Office) throws -> String {
        let started = try office.run(["start", "tenant-file", "--field", "tenant=\(tenant)", "--field", "unit=\(unit)",
                                      "--field", "lease-starts-on=\(day)", "--assign", "archivist=carl"], as: "harry", at: "\(day)T09:00")
        let words = started.stdout.split(separator: " ")
        guard started.status == 0, words.count > 2 else { throw FixtureFailure("start failed: \(started.stderr)") }
        let dossier = String(words[2])
        for (item, signed) in [("lease", "customer,internal"), ("tenant-id-copy", "customer"), ("move-in-record", "customer,internal")] {
            let set = try office.run(["checklist", "set", dossier, item, "--pages", "3", "--signed", signed], as: "harry", at: "\(day)T09:10")
            guard set.status == 0 else { throw FixtureFailure("checklist set failed: \(set.stderr)") }
        }
        let handedOver = try office.run(["task", "advance", try openTask(of: dossier, in: office), "hand-over"], as: "harry", at: "\(day)T10:00")
        guard handedOver.status == 0 else { throw FixtureFailure("hand-over failed: \(handedOver.stderr)") }
        for item in ["lease", "tenant-id-copy", "move-in-record"] {
            let verified = try office.run(["checklist", "verify", dossier, item, "--ok"], as: "carl", at: "\(day)T11:00")
            guard verified.status == 0 else { throw FixtureFailure("verify failed: \(verified.stderr)") }
        }
        let filed = try office.run(["task", "advance", try openTask(of: dossier, in: office), "file"], as: "carl", at: "\(day)T11:30")
        guard filed.status == 0 else { throw FixtureFailure("file failed: \(filed.stderr)") }
        return dossier
    }

    /// Records that the tenant of `dossier` moved out on `day`.
    static func moveOut(_ dossier: String, on day: String, in office: BackupDutyTests.Office) throws {
        let moved = try office.run(["task", "advance", try openTask(of: dossier, in: office), "move-out", "--field", "moved-out-on=\(day)"],
                                   as: "harry", at: "\(day)T17:00")
        guard moved.status == 0 else { throw FixtureFailure("move-out failed: \(moved.stderr)") }
    }

    /// The re-filing dossier a tick at `time` starts, from its report.
    static func refilingStarted(at time: String, in office: BackupDutyTests.Office) throws -> (dossier: String, line: String) {
        let tick = try office.run(["tick"], as: "ada", at: time)
        guard let line = tick.stdout.split(separator: "\n").first(where: { $0.contains("(yearly-refiling)") }) else {
            throw FixtureFailure("no re-filing started at \(time): \(tick.stdout)")
        }
        return (String(line.split(separator: " ")[2]), String(line))
    }

    @Test("each January the re-filing starts by itself; its catalogue lists the tenant files that moved out since the last one, by archive number, the same each time it is printed")
    func yearly() throws {
        let office = try Self.office()
        let north = try Self.fileTenant("North Star Tea", unit: "A-101", on: "2026-05-06", in: office)
        let harbour = try Self.fileTenant("Harbour Print", unit: "A-102", on: "2026-05-07", in: office)
        let lotus = try Self.fileTenant("Lotus Florist", unit: "B-201", on: "2026-05-08", in: office)
        let staying = try Self.fileTenant("Plum Bakery", unit: "B-202", on: "2026-05-11", in: office)
        try Self.moveOut(harbour, on: "2026-06-30", in: office)
        try Self.moveOut(north, on: "2026-11-30", in: office)

        #expect(try !office.run(["tick"], as: "ada", at: "2026-12-31T09:00").stdout.contains("(yearly-refiling)"))
        let first = try Self.refilingStarted(at: "2027-01-01T09:00", in: office)
        #expect(first.line.contains("(yearly-refiling), due by the end of 2027-01-31: task ") && first.line.hasSuffix(" for archivist (the first to take it)"),
                "\(first.line)")
        // Moved out after the re-filing started: next year's.
        try Self.moveOut(lotus, on: "2027-01-05", in: office)

        let catalogue = try office.run(["render", "catalogue", first.dossier], as: "cleo", at: "2027-01-06T09:00")
        #expect(catalogue.status == 0, "\(catalogue.stderr)")
        let text = catalogue.stdout
        #expect(text.hasPrefix("Catalogue of departed tenants' dossiers (退租租户档案目录)\nDossier \(first.dossier) · Re-file by (整理截止日): 2027-01-31\n"), "\(text)")
        #expect(text.contains("Lists the tenant-file dossiers that came to \"Moved out, awaiting re-filing (已退租)\" up to 2027-01-01 "), "\(text)")
        #expect(text.contains(": 2 dossiers, 18 pages."), "\(text)")
        let first1 = try #require(text.range(of: "1. ZH-2026-001  dossier \(north)  3 items, 9 pages\n    Tenant (租户): North Star Tea\n    Unit let (租赁单元): A-101\n"), "\(text)")
        let first2 = try #require(text.range(of: "2. ZH-2026-002  dossier \(harbour)  3 items, 9 pages\n    Tenant (租户): Harbour Print\n"), "\(text)")
        #expect(first1.lowerBound < first2.lowerBound, "in the order of archive numbers, not of moving out")
        #expect(text.contains("    came to \"Moved out, awaiting re-filing (已退租)\": 2026-06-30 17:00"), "\(text)")
        #expect(!text.contains("Lotus Florist") && !text.contains("Plum Bakery"), "\(text)")
        let html = try office.run(["render", "catalogue", first.dossier, "--form", "html"], as: "cleo", at: "2027-01-06T09:01")
        #expect(html.status == 0 && html.stdout.contains("<td>ZH-2026-002</td><td>\(harbour)</td>"), "\(html.stdout)")

        let task = try Self.openTask(of: first.dossier, in: office)
        let bare = try office.run(["task", "advance", task, "refile"], as: "cleo", at: "2027-01-08T10:00")
        #expect(bare.status == 1 && bare.stderr.contains("note"), "where the dossiers now are goes in the note: \(bare.stderr)")
        let done = try office.run(["task", "advance", task, "refile", "--note", "shelves D-3 and D-4, in the catalogue's order"], as: "cleo",
                                  at: "2027-01-08T10:05")
        #expect(done.status == 0 && done.stdout.contains("refile → refiled"), "\(done.stdout)\(done.stderr)")

        // A year later: only Lotus, which moved out after the first re-filing started.
        let second = try Self.refilingStarted(at: "2028-01-01T09:00", in: office)
        let next = try office.run(["render", "catalogue", second.dossier], as: "carl", at: "2028-01-03T09:00")
        #expect(next.stdout.contains("after 2027-01-01 ") && next.stdout.contains(": 1 dossiers, 9 pages."), "\(next.stdout)")
        #expect(next.stdout.contains("1. ZH-2026-003  dossier \(lotus)") && !next.stdout.contains("North Star Tea"), "\(next.stdout)")
        // Printed again, the first catalogue is the same list.
        let again = try office.run(["render", "catalogue", first.dossier], as: "cleo", at: "2028-01-03T09:05")
        #expect(again.stdout.split(separator: "\n").dropLast() == text.split(separator: "\n").dropLast(), "only the printing time differs")
        _ = staying
    }

    @Test("a dossier whose workflow keeps no catalogue has none to print, and a number that is no dossier is refused")
    func refusals() throws {
        let office = try Self.office()
        let north = try Self.fileTenant("North Star Tea", unit: "A-101", on: "2026-05-06", in: office)
        let none = try office.run(["render", "catalogue", north], as: "carl", at: "2026-05-07T09:00")
        #expect(none.status == 1)
        #expect(none.stderr == "error: workflow tenant-file keeps no catalogue, so dossier \(north) has none to print\n", "\(none.stderr)")
        let missing = try office.run(["render", "catalogue", "999"], as: "carl", at: "2026-05-07T09:01")
        #expect(missing.status == 1 && missing.stderr.contains("999"), "\(missing.stderr)")
    }
}
