import Foundation
import Testing

/// A customer's right to see what is stored about them, through the binary on the demo's store.
@Suite("Customer export through the binary")
struct CustomerExportTests {
    @Test("an administrator exports everything about Zhou Min, as a page and as JSON; each read is logged; anyone else is refused")
    func export() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("demo.db")
        #expect(try DossierProcess.run(["demo", "--store", store]).status == 0)
        let page = try DossierProcess.run(["customer", "export", "Zhou Min", "--as", "carol", "--at", "2026-03-26T07:00", "--store", store])
        #expect(page.status == 0, "\(page.stderr)")
        #expect(page.stdout.hasPrefix("What we store about Zhou Min (客户信息查询)\nexported 2026-03-26 07:00 by carol: 1 dossier\n"), "\(page.stdout)")
        #expect(page.stdout.contains("dossier 3 (New-car dossier handover (新车档案移交)), GY-SH-001, filed, version 1\n  customer: Zhou Min\n"),
                "\(page.stdout)")
        #expect(page.stdout.contains("  sales: tom\n"), "\(page.stdout)")
        let json = try DossierProcess.run(["customer", "export", "Zhou Min", "--format", "json", "--as", "carol", "--at", "2026-03-26T07:01",
                                           "--store", store])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stderr)")
        let dossiers = try #require(object["dossiers"] as? [[String: Any]])
        #expect(dossiers.map { $0["archive_number"] as? String } == ["GY-SH-001"])
        #expect((dossiers.first?["history"] as? [[String: Any]])?.first?["kind"] as? String == "started")
        let refused = try DossierProcess.run(["customer", "export", "Zhou Min", "--as", "bob", "--at", "2026-03-26T07:02", "--store", store])
        #expect(refused.status == 77)
        let reads = try sqliteShell(store, "SELECT COUNT(*) FROM event WHERE dossier_id = 3 AND kind = 'read' AND details LIKE '%customer export%'")
        #expect(reads == "2\n")
        let nobody = try DossierProcess.run(["customer", "export", "Nobody Ltd", "--as", "carol", "--at", "2026-03-26T07:03", "--store", store])
        #expect(nobody.stdout.contains("No dossier names this customer."), "\(nobody.stdout)")
    }
}
