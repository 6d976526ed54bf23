import Foundation
import Testing

/// `dossier calendar …` through the binary.
@Suite("dossier calendar")
struct CalendarCommandTests {
    @Test("is-workday, add and days answer from the deployed cn calendar")
    func answers() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("d.db")
        #expect(try DossierProcess.run(["init", "--store", store]).status == 0)
        let makeUp = try DossierProcess.run(["calendar", "is-workday", "2026-02-14", "--store", store])
        #expect(makeUp.status == 0)
        #expect(makeUp.stdout.hasPrefix("2026-02-14 (Saturday) is a working day: Spring Festival make-up workday"))
        let added = try DossierProcess.run(["calendar", "add", "2026-03-06", "3", "--store", store])
        #expect(added.stdout == "2026-03-11\n")
        let days = try DossierProcess.run(["calendar", "days", "--from", "2026-09-30", "--to", "2026-10-10", "--format", "csv", "--store", store])
        let lines = days.stdout.split(separator: "\r\n").map(String.init)
        #expect(lines.first == "date,weekday,workday,reason,provisional")
        #expect(lines.count == 12)
        #expect(lines[2].hasPrefix("2026-10-01,Thursday,no,National Day"))
        #expect(lines[11].hasPrefix("2026-10-10,Saturday,yes,"))
        let weekdays = try DossierProcess.run(["calendar", "is-workday", "2030-01-05", "--calendar", "weekdays", "--store", store])
        #expect(weekdays.stdout.hasPrefix("2030-01-05 (Saturday) is not a working day: weekend"))
    }

    @Test("a year without data, an unknown calendar and a bad date are refused with a sentence")
    func refusals() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("d.db")
        #expect(try DossierProcess.run(["init", "--store", store]).status == 0)
        let gap = try DossierProcess.run(["calendar", "add", "2026-12-30", "3", "--store", store])
        #expect(gap.status == 1)
        #expect(gap.stderr == "error: calendar cn has no data for 2027: add it or choose another calendar\n")
        let unknown = try DossierProcess.run(["calendar", "is-workday", "2026-01-05", "--calendar", "hk", "--store", store])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no calendar hk is deployed; deployed calendars: cn, weekdays"))
        let badDate = try DossierProcess.run(["calendar", "is-workday", "2026-02-30", "--store", store])
        #expect(badDate.status == 64)
        let backwards = try DossierProcess.run(["calendar", "days", "--from", "2026-02-10", "--to", "2026-02-01", "--store", store])
        #expect(backwards.status == 64)
        #expect(backwards.stderr.contains("--to 2026-02-01 is before --from 2026-02-10"))
    }
}
