import Foundation
import Testing

/// The customer's right to erasure (删除) through the binary: personal fields never reach the
/// file in clear, an erasure is refused while the law keeps the data, and once done the fields
/// read as erased, the keys are gone from the file, and the audit chain still verifies.
@Suite("Customer erasure through the binary")
struct CustomerErasureTests {
    /// Zhou Min's two customer dossiers: one closed without a contract on 3 March 2026, one
    /// filed on 5 March 2026 (kept for 10 years); and Li Lei's, filed too. hana handles them and
    /// administers, hugo is the department head.
    static func store() throws -> (IntakeStore, closed: Int, filed: Int, other: Int) {
        let store = try IntakeStore.generic()
        func start(_ customer: String) throws -> Int {
            try store.start("generic-customer", fields: ["customer=\(customer)", "first-contact-on=2026-03-02"],
                            assign: ["handler=hana", "head=hugo"], as: "hana", at: "2026-03-02T09:00")
        }
        func must(_ result: DossierProcess.Result, _ what: String) throws {
            guard result.status == 0 else { throw FixtureFailure("\(what): \(result.stderr)") }
        }
        let closed = try start("Zhou Min"), filed = try start("Zhou Min"), other = try start("Li Lei")
        for dossier in [closed, filed, other] { try must(try store.advance(dossier, "register", as: "hana", at: "2026-03-02T10:00"), "register") }
        try must(try store.advance(closed, "close", as: "hana", at: "2026-03-03T10:00", note: "no contract"), "close")
        for dossier in [filed, other] {
            try must(try store.advance(dossier, "contract-signed", as: "hana", at: "2026-03-04T09:00", fields: ["contract-signed-on=2026-03-04"]), "contract")
        }
        for dossier in [filed, other] { try store.compile(dossier, as: "hana", at: "2026-03-04T10:00") }
        for dossier in [filed, other] { try must(try store.advance(dossier, "submit", as: "hana", at: "2026-03-04T11:00"), "submit") }
        for dossier in [filed, other] { try store.verify(dossier, as: "hugo", at: "2026-03-05T09:00") }
        for dossier in [filed, other] { try must(try store.advance(dossier, "approve", as: "hugo", at: "2026-03-05T10:00"), "approve") }
        return (store, closed, filed, other)
    }

    /// The archive number of registered `dossier`.
    static func number(_ store: IntakeStore, _ dossier: Int) throws -> String {
        try store.sqlite("SELECT number FROM archive_number WHERE dossier_id = \(dossier)").trimmingCharacters(in: .newlines)
    }

    /// The store file and its journal, as bytes.
    static func fileBytes(_ store: IntakeStore) throws -> Data {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: store.path))
        if let journal = try? Data(contentsOf: URL(fileURLWithPath: store.path + "-wal")) { bytes += journal }
        return bytes
    }

    @Test("personal fields are sealed in the file and open for those who may read them; the export shows them")
    func sealed() throws {
        let (store, closed, filed, _) = try Self.store()
        #expect(try Self.fileBytes(store).range(of: Data("Zhou Min".utf8)) == nil, "the name never reaches the file in clear")
        let stored = try store.sqlite("SELECT json_extract(snapshot, '$.fields.customer') FROM dossier WHERE id = \(filed)")
        #expect(stored.hasPrefix("sealed:v1:"), "\(stored)")
        let started = try store.sqlite("SELECT json_extract(details, '$.\"field:customer\"') FROM event WHERE dossier_id = \(closed) AND kind = 'started'")
        #expect(started.hasPrefix("sealed:v1:"), "\(started)")
        let view = try store.run(["view", try Self.number(store, filed)], as: "hana", at: "2026-03-06T09:00")
        #expect(view.stdout.contains("Zhou Min"), "\(view.stdout)\(view.stderr)")
        let export = try store.run(["customer", "export", "zhou  min", "--format", "json"], as: "hana", at: "2026-03-06T09:01")
        #expect(export.status == 0, "\(export.stderr)")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        let dossiers = try #require(body["dossiers"] as? [[String: Any]])
        #expect(dossiers.compactMap { $0["dossier"] as? Int } == [closed, filed], "found by the name however it is spaced or cased")
        #expect(dossiers.allSatisfy { ($0["fields"] as? [String: String])?["customer"] == "Zhou Min" })
    }

    @Test("refused while the law keeps the data (retention, a legal hold, a running or unsealed dossier) and for anyone but an administrator")
    func refused() throws {
        let (store, _, filed, _) = try Self.store()
        let stranger = try store.run(["customer", "erase", "Zhou Min", "--request", "2026-001"], as: "hugo", at: "2026-03-10T09:00")
        #expect(stranger.status == 77, "\(stranger.stderr)")
        let kept = try store.run(["customer", "erase", "Zhou Min", "--request", "2026-001"], as: "hana", at: "2026-03-10T09:01")
        #expect(kept.status == 1)
        #expect(kept.stderr.contains("nothing of Zhou Min was erased"), "\(kept.stderr)")
        #expect(kept.stderr.contains("is kept until 2036-03-05 under its retention (10 years)"), "\(kept.stderr)")
        let nobody = try store.run(["customer", "erase", "Nobody", "--request", "2026-001"], as: "hana", at: "2026-03-10T09:02")
        #expect(nobody.status == 1 && nobody.stderr.contains("no dossier names customer Nobody"), "\(nobody.stderr)")
        let noRequest = try store.run(["customer", "erase", "Zhou Min", "--request", " "], as: "hana", at: "2026-03-10T09:03")
        #expect(noRequest.status == 64, "\(noRequest.stderr)")

        // A dossier of a workflow that seals nothing (the loan dossier marks no field personal) keeps the name in clear.
        for (user, role) in [("bo", "handler"), ("cara", "archivist")] {
            #expect(try store.run(["staff", "add", user, "--name", user, "--role", role], as: "hana", at: "2026-03-10T09:04").status == 0)
        }
        _ = try store.start("loan-intake", fields: ["customer=Zhou Min", "project=P", "ended-on=2026-03-09"],
                            assign: ["a=hana", "b=bo", "archivist=cara"], as: "hana", at: "2026-03-10T09:05")

        // Past its retention, a legal hold still keeps it.
        let number = try Self.number(store, filed)
        #expect(try store.run(["hold", number, "--reason", "court case 2036-17"], as: "hana", at: "2036-03-06T09:00").status == 0)
        let held = try store.run(["customer", "erase", "Zhou Min", "--request", "2036-004"], as: "hana", at: "2036-03-06T09:01")
        #expect(held.status == 1)
        #expect(held.stderr.contains("is under a legal hold: court case 2036-17"), "\(held.stderr)")
        #expect(!held.stderr.contains("retention"), "\(held.stderr)")

        #expect(try store.run(["hold", number, "--reason", "closed", "--release"], as: "hana", at: "2036-03-06T09:04").status == 0)
        let unsealed = try store.run(["customer", "erase", "Zhou Min", "--request", "2036-004"], as: "hana", at: "2036-03-06T09:05")
        #expect(unsealed.status == 1)
        #expect(unsealed.stderr.contains("keeps its fields unsealed: that version marks no field personal=\"true\""), "\(unsealed.stderr)")
        #expect(unsealed.stderr.contains("is still running"), "\(unsealed.stderr)")
        #expect(try store.sqlite("SELECT count(*) FROM customer_key WHERE key IS NULL") == "0\n", "nothing was erased")
    }

    @Test("erased: the fields read as erased everywhere, the keys are gone from the file, the chain verifies, others are untouched")
    func erased() throws {
        let (store, closed, filed, other) = try Self.store()
        let keys = try store.sqlite("SELECT hex(key) FROM customer_key WHERE id IN (SELECT key_id FROM dossier_key WHERE dossier_id = \(filed))")
            .split(separator: "\n").map(String.init)
        #expect(keys.count == 1)
        let erased = try store.run(["customer", "erase", "Zhou Min", "--request", "2036-004"], as: "hana", at: "2036-03-06T09:00")
        #expect(erased.status == 0, "\(erased.stderr)")
        let sentence = "erased on 2036-03-06 by hana under request 2036-004"
        #expect(erased.stdout == "erased Zhou Min: the personal fields of 2 dossiers (\(closed), \(filed)) now read \"\(sentence)\"\n", "\(erased.stdout)")

        let view = try store.run(["view", try Self.number(store, filed)], as: "hana", at: "2036-03-06T09:01")
        #expect(view.stdout.contains(sentence) && !view.stdout.contains("Zhou Min"), "\(view.stdout)")
        let history = try store.run(["history", String(closed)], as: "hana")
        #expect(history.stdout.contains("field:customer=\(sentence)"), "the start event reads as erased too: \(history.stdout)")
        #expect(history.stdout.contains("hana  erased the customer's personal fields under request 2036-004 (1 key(s) destroyed)"), "\(history.stdout)")
        let export = try store.run(["customer", "export", "Zhou Min"], as: "hana", at: "2036-03-06T09:02")
        #expect(export.stdout.contains("No dossier names this customer."), "no name finds an erased customer again: \(export.stdout)")
        #expect(try store.run(["view", try Self.number(store, other)], as: "hana", at: "2036-03-06T09:03").stdout.contains("Li Lei"))

        #expect(try store.sqlite("SELECT count(*) FROM customer_key WHERE key IS NULL") == "1\n")
        #expect(try store.sqlite("SELECT count(*) FROM customer_key WHERE key IS NOT NULL") == "1\n",
                "only Li Lei's key is live: what an erased field reads as gets no key of its own when the dossier is written again")
        let bytes = try Self.fileBytes(store)
        for key in keys {
            let raw = Data(stride(from: 0, to: key.count, by: 2).compactMap { offset -> UInt8? in
                let start = key.index(key.startIndex, offsetBy: offset)
                return UInt8(key[start..<key.index(start, offsetBy: 2)], radix: 16)
            })
            #expect(raw.count == 32 && bytes.range(of: raw) == nil, "the destroyed key is nowhere in the file or its journal")
        }
        let verified = try store.run(["audit", "verify"], as: "hana")
        #expect(verified.status == 0, "every event keeps its hash: \(verified.stdout)\(verified.stderr)")
        let again = try store.run(["customer", "erase", "Zhou Min", "--request", "2036-005"], as: "hana", at: "2036-03-06T09:04")
        #expect(again.status == 1 && again.stderr.contains("no dossier names customer Zhou Min"), "\(again.stderr)")
    }
    @Test("a correction of the customer's name is sealed under their key too, and erased with them")
    func correctionErasedToo() throws {
        let (store, closed, filed, _) = try Self.store()
        #expect(try store.run(["staff", "add", "gina", "--name", "Gina", "--role", "gm"], as: "hana", at: "2026-03-06T08:00").status == 0)
        let number = try Self.number(store, filed)
        let proposed = try store.run(["start", "correction", "--field", "archive-number=\(number)", "--field", "changes=customer=Zhou Min Trading",
                                      "--field", "reason=now trading as a company"], as: "hana", at: "2026-03-06T09:00")
        let correction = try #require(CorrectionTests.dossierNumber(proposed), "\(proposed.stderr)")
        for field in ["changes", "customer"] {
            let stored = try store.sqlite("SELECT json_extract(snapshot, '$.fields.\(field)') FROM dossier WHERE id = \(correction)")
            #expect(stored.hasPrefix("sealed:v1:"), "the correction's \(field) is sealed under Zhou Min's key: \(stored)")
        }
        #expect(try store.advance(correction, "approve", as: "gina", at: "2026-03-06T09:10").status == 0)
        #expect(try store.run(["view", number], as: "hana", at: "2026-03-06T09:11").stdout.contains("Zhou Min Trading"))
        #expect(try Self.fileBytes(store).range(of: Data("Zhou Min".utf8)) == nil)

        let erased = try store.run(["customer", "erase", "Zhou Min", "--request", "2036-004"], as: "hana", at: "2036-03-06T09:00")
        #expect(erased.status == 0, "\(erased.stderr)")
        #expect(erased.stdout.contains("the personal fields of 3 dossiers (\(closed), \(filed), \(correction))"), "\(erased.stdout)")
        let sentence = "erased on 2036-03-06 by hana under request 2036-004"
        #expect(try store.run(["view", number], as: "hana", at: "2036-03-06T09:01").stdout.contains("(客户名称): \(sentence)"))
        let history = try store.run(["history", String(correction)], as: "hana")
        #expect(history.stdout.contains("field:changes=\(sentence)") && !history.stdout.contains("Zhou Min"), "\(history.stdout)")
        #expect(try store.run(["audit", "verify"], as: "hana").status == 0)
        let recorrected = try store.run(["start", "correction", "--field", "archive-number=\(number)", "--field", "changes=customer=Someone",
                                         "--field", "reason=r"], as: "hana", at: "2036-03-06T09:05")
        #expect(recorrected.status == 1, "\(recorrected.stderr)")
        #expect(recorrected.stderr.contains("\(number) takes no correction: its customer's data was \(sentence)"), "\(recorrected.stderr)")
    }
}
