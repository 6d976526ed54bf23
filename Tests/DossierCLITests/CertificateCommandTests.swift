import Foundation
import Testing

/// `dossier certificates` through the binary on a store with the shipped workflows: the draft
/// list, the three signatures, the safe listed under the archive number, and the refusals.
@Suite("Title certificates")
struct CertificateCommandTests {
    static let workflows = DossierProcess.packageRoot.appendingPathComponent("Workflows").path

    /// A store with one loan dossier (number 1), started on 2 March.
    static func loanStore() throws -> StoreFixture {
        let store = try StoreFixture(workflows: workflows)
        let started = try store.run(["start", "loan-intake", "--field", "customer=Hongda", "--field", "project=HD-1", "--field", "ended-on=2026-03-02",
                                     "--assign", "a=alice", "--assign", "b=bob", "--assign", "archivist=carol", "--at", "2026-03-02T09:00"])
        guard started.status == 0 else { throw FixtureFailure("start failed: \(started.stderr)") }
        return store
    }

    static func rows(_ result: DossierProcess.Result) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    @Test("a list signed by A, B and the archivist goes into the safe; drafts are listed apart")
    func handOver() throws {
        let store = try Self.loanStore()
        let added = try store.run(["certificates", "add", "1", "property-certificate", "--number", "沪(2026)不动产权第0017号", "--at", "2026-03-02T10:00"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("waiting for the signature of a (alice), b (bob), archivist (carol): dossier certificates sign 1"))
        #expect(try store.run(["certificates", "add", "1", "other-rights-certificate", "--number", "他项42", "--quantity", "2",
                               "--at", "2026-03-02T10:01"]).status == 0)
        #expect(try store.run(["certificates", "sign", "1", "--at", "2026-03-02T10:02"], as: "alice").status == 0)
        #expect(try store.run(["certificates", "--format", "json"]).stdout == "[]\n", "nothing is in the safe before the last signature")
        let drafts = try Self.rows(try store.run(["certificates", "--drafts", "--format", "json"]))
        #expect(drafts.map { $0["number"] as? String } == ["沪(2026)不动产权第0017号", "他项42"])
        #expect(drafts.first?["signed_by"] as? String == "a=alice")
        #expect(try store.run(["certificates", "sign", "1", "--at", "2026-03-02T10:03"], as: "bob").status == 0)
        let last = try store.run(["certificates", "sign", "1", "--at", "2026-03-02T10:04"], as: "carol")
        #expect(last.status == 0, "\(last.stderr)")
        #expect(last.stdout.contains("dossier 1: certificate list 1 handed over, 3 certificates in the safe of carol"))
        let safe = try Self.rows(try store.run(["certificates", "--format", "json"]))
        #expect(safe.count == 2)
        let first = try #require(safe.first)
        #expect(first["kept_under"] as? String == "(dossier 1, not registered)")
        #expect(first["kind"] as? String == "property-certificate")
        #expect(first["title"] as? String == "Property certificate (房产证/不动产权证书)")
        #expect(first["quantity"] as? Int == 1)
        #expect(safe.last?["quantity"] as? Int == 2)
        #expect(first["signed_by"] as? String == "a=alice b=bob archivist=carol")
        #expect(first["handed_over_at"] as? String == "2026-03-02T10:04:00+08:00")
        #expect(first["keeper"] as? String == "carol")
        #expect(try store.run(["certificates", "--drafts", "--format", "json"]).stdout == "[]\n")
        let history = try store.run(["history", "1"])
        #expect(history.stdout.contains("carol  certificate list 1 handed over: 3 into the safe of carol"))
        #expect(try store.run(["audit", "verify"]).status == 0)

        // Handed to another keeper, then back to their owner: out of the safe.
        #expect(try store.run(["staff", "add", "dora", "--name", "Dora", "--role", "archivist", "--at", "2026-03-02T10:05"]).status == 0)
        let notKeeper = try store.run(["certificates", "hand", "1", "--to", "dan", "--at", "2026-03-02T10:05"], as: "bob")
        #expect(notKeeper.status == 77, "only the keeper or an administrator: \(notKeeper.stderr)")
        let noArchivist = try store.run(["certificates", "hand", "1", "--to", "bob", "--at", "2026-03-02T10:05"], as: "carol")
        #expect(noArchivist.status == 1, "the new keeper must be able to hold the keeper role: \(noArchivist.stderr)")
        let handed = try store.run(["certificates", "hand", "1", "--to", "dora", "--at", "2026-03-02T10:06"], as: "carol")
        #expect(handed.status == 0, "\(handed.stderr)")
        #expect(handed.stdout == "certificate list 1 of dossier 1 now kept by dora (was carol)\n")
        #expect(try Self.rows(try store.run(["certificates", "--format", "json"])).allSatisfy { $0["keeper"] as? String == "dora" })
        #expect(try store.run(["certificates", "return", "1", "--to", "Hongda", "--at", "2026-03-02T10:07"], as: "carol").status == 77,
                "carol keeps them no more")
        let returned = try store.run(["certificates", "return", "1", "--to", "Hongda", "--note", "loan repaid", "--at", "2026-03-02T10:08"], as: "dora")
        #expect(returned.status == 0, "\(returned.stderr)")
        #expect(returned.stdout == "certificate list 1 of dossier 1 returned to Hongda: out of the safe\n")
        #expect(try store.run(["certificates", "--format", "json"]).stdout == "[]\n", "nothing of dossier 1 is in the safe")
        let again = try store.run(["certificates", "return", "1", "--to", "Hongda", "--at", "2026-03-02T10:09"], as: "alice")
        #expect(again.status == 1)
        #expect(again.stderr.contains("dossier 1 has no certificates in the safe"), "\(again.stderr)")
        #expect(try store.run(["audit", "verify"]).status == 0)
    }

    @Test("refusals name the reason and change nothing", arguments: [
        (["certificates", "add", "1", "property", "--number", "X"], "alice", "the workflow has no certificate kind 'property'; did you mean 'property-certificate'?"),
        (["certificates", "add", "1", "property-certificate", "--number", "X"], "dan", "dan cannot take 'put certificates on the hand-over list': it is for a (alice) or b (bob) or archivist (carol)"),
        (["certificates", "sign", "1"], "alice", "dossier 1 has no certificate list waiting for signatures"),
        (["certificates", "remove", "1", "X"], "alice", "there is no draft certificate list"),
        (["certificates", "add", "9", "property-certificate", "--number", "X"], "alice", "there is no dossier 9"),
    ])
    func refusals(arguments: [String], user: String, message: String) throws {
        let store = try Self.loanStore()
        let before = try store.sqlite("SELECT COUNT(*) FROM event; SELECT revision FROM dossier;")
        let refused = try store.run(arguments + ["--at", "2026-03-02T10:00"], as: user)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains(message), "\(refused.stderr)")
        #expect(try store.sqlite("SELECT COUNT(*) FROM event; SELECT revision FROM dossier;") == before)
    }

    @Test("a signer signs once; a change clears the signatures, and the output says so")
    func signOnceAndClear() throws {
        let store = try Self.loanStore()
        #expect(try store.run(["certificates", "add", "1", "property-certificate", "--number", "P-1", "--at", "2026-03-02T10:00"]).status == 0)
        #expect(try store.run(["certificates", "sign", "1", "--at", "2026-03-02T10:01"]).status == 0)
        let twice = try store.run(["certificates", "sign", "1", "--at", "2026-03-02T10:02"])
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("alice has already signed 'certificate list 1' as a"))
        let changed = try store.run(["certificates", "add", "1", "equity-pledge-notice", "--number", "EP-1", "--at", "2026-03-02T10:03"], as: "bob")
        #expect(changed.stdout.contains("the list changed, so the signatures of a were cleared: they sign again"))
        let drafts = try Self.rows(try store.run(["certificates", "--drafts", "--format", "json"]))
        #expect(drafts.allSatisfy { ($0["signed_by"] as? String) == "" })
    }

    @Test("the workflow without certificates refuses them; --drafts and --all do not go together")
    func otherRefusals() throws {
        let store = try StoreFixture(workflows: Self.workflows)
        #expect(try store.run(["staff", "add", "sam", "--name", "Sam", "--role", "sales-consultant", "--at", "2026-03-02T08:10"]).status == 0)
        #expect(try store.run(["start", "new-car-intake", "--field", "customer=Zhou", "--field", "vin=V1", "--field", "sold-on=2026-03-02",
                               "--assign", "sales=sam", "--assign", "archivist=carol", "--at", "2026-03-02T09:00"], as: "sam").status == 0)
        let refused = try store.run(["certificates", "add", "1", "property-certificate", "--number", "X", "--at", "2026-03-02T09:10"], as: "sam")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("workflow new-car-intake keeps no title certificates"))
        let both = try store.run(["certificates", "--drafts", "--all"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--drafts and --all cannot go together"))
    }

    @Test("on the demo store the certificates are kept under the dossier's archive number, and -o writes a document whole")
    func keptUnderArchiveNumber() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("demo.db")
        #expect(try DossierProcess.run(["demo", "--store", store]).status == 0)
        let safe = try Self.rows(try DossierProcess.run(["certificates", "--format", "json", "--store", store]))
        #expect(safe.map { $0["kept_under"] as? String } == ["鸿借字第001号", "鸿借字第001号"])
        #expect(safe.map { $0["dossier"] as? Int } == [1, 1])
        let output = folder.path("list.html")
        let written = try DossierProcess.run(["render", "certificate-list", "1", "--form", "html", "-o", output, "--store", store])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout == "wrote \(output)\n")
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.contains("Kept in the safe under: 鸿借字第001号, keeper carol"))
        let unwritable = try DossierProcess.run(["render", "certificate-list", "1", "-o", folder.path("no/such/dir/x.txt"), "--store", store])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.contains("cannot write"))
    }
}
