import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Title certificates: a draft list any signing role fills, signed once by each of A, B and the
/// archivist, handed over to the keeper's safe by the last signature; changes clear signatures;
/// an unsigned list holds up registration.
@Suite("Engine: title certificates")
struct CertificateTests {
    static let property = "沪(2026)不动产权第0017号"
    static let rights = "沪(2026)他项第0042号"

    /// A started loan dossier with two certificates on its draft list, added by alice.
    static func drafted(_ engine: WorkflowEngine) throws -> Dossier {
        let started = try Loan.start(engine).dossier
        let one = try engine.addCertificate(started, kind: "property-certificate", number: property, quantity: 1, actor: member("alice"),
                                            at: at("2026-03-03T10:00")).dossier
        return try engine.addCertificate(one, kind: "other-rights-certificate", number: rights, quantity: 2, actor: member("alice"),
                                         at: at("2026-03-03T10:01")).dossier
    }

    @Test("adding opens draft list 1 and reports each line as an event")
    func add() throws {
        let engine = try Loan.engine()
        let started = try Loan.start(engine).dossier
        let step = try engine.addCertificate(started, kind: "property-certificate", number: " \(Self.property) ", quantity: 1,
                                             actor: member("alice"), at: at("2026-03-03T10:00"))
        let list = try #require(step.dossier.certificateLists.first)
        #expect(step.dossier.certificateLists.count == 1)
        #expect(list.number == 1)
        #expect(list.entries == [.init(kind: "property-certificate", number: Self.property, quantity: 1, addedBy: "alice")])
        #expect(!list.isHandedOver)
        #expect(step.dossier.revision == started.revision + 1)
        #expect(step.events.map(\.kind) == [.certificateAdded])
        #expect(step.events.first?.details == ["list": "1", "kind": "property-certificate", "number": Self.property, "quantity": "1"])
        #expect(step.nextFineCheck == started.openTask?.dueAt, "the open task's fine check is kept")
    }

    @Test("A, B and the archivist each sign once; the last signature hands the list over to the keeper")
    func signAll() throws {
        let engine = try Loan.engine()
        var dossier = try Self.drafted(engine)
        #expect(engine.certificateSignaturesAwaited(dossier) == ["a (alice)", "b (bob)", "archivist (carol)"])
        dossier = try engine.signCertificates(dossier, actor: member("alice"), at: at("2026-03-03T11:00")).dossier
        dossier = try engine.signCertificates(dossier, actor: member("bob"), at: at("2026-03-03T11:05")).dossier
        #expect(engine.certificateSignaturesAwaited(dossier) == ["archivist (carol)"])
        let last = try engine.signCertificates(dossier, actor: member("carol"), at: at("2026-03-03T11:10"))
        let list = try #require(last.dossier.certificateLists.first)
        #expect(list.signatures == ["a": "alice", "b": "bob", "archivist": "carol"])
        #expect(list.handedOverAt == at("2026-03-03T11:10"))
        #expect(list.keeper == "carol")
        #expect(last.dossier.draftCertificateList == nil)
        #expect(last.events.map(\.kind) == [.certificatesSigned, .certificatesHandedOver])
        #expect(last.events.last?.details == ["list": "1", "keeper": "carol", "certificates": "3"])
        #expect(engine.certificateSignaturesAwaited(last.dossier) == [])
    }

    @Test("signing twice, or by someone holding no signing role, is refused")
    func signRefusals() throws {
        let engine = try Loan.engine()
        let signed = try engine.signCertificates(try Self.drafted(engine), actor: member("alice"), at: at("2026-03-03T11:00")).dossier
        #expect(refusal { try engine.signCertificates(signed, actor: member("alice"), at: at("2026-03-03T11:01")) }
                == .alreadySigned(person: "alice", action: "certificate list 1", role: "a"))
        let outsider = refusal { try engine.signCertificates(signed, actor: member("dina"), at: at("2026-03-03T11:01")) }
        #expect(outsider == .notYourTask(person: "dina", action: "sign the certificate hand-over list", roles: ["a", "b", "archivist"],
                                         holders: ["alice", "bob", "carol"]))
        let empty = try Loan.start(engine).dossier
        #expect(refusal { try engine.signCertificates(empty, actor: member("alice"), at: at("2026-03-03T11:00")) }
                == .noDraftCertificateList(dossier: Loan.dossierID))
    }

    @Test("changing a draft clears the signatures given, so everyone signs the final list")
    func changeClearsSignatures() throws {
        let engine = try Loan.engine()
        var dossier = try Self.drafted(engine)
        dossier = try engine.signCertificates(dossier, actor: member("alice"), at: at("2026-03-03T11:00")).dossier
        dossier = try engine.signCertificates(dossier, actor: member("bob"), at: at("2026-03-03T11:01")).dossier
        let removed = try engine.removeCertificate(dossier, number: Self.rights, actor: member("bob"), at: at("2026-03-03T11:02"))
        #expect(removed.dossier.certificateLists.first?.signatures == [:])
        #expect(removed.dossier.certificateLists.first?.entries.map(\.number) == [Self.property])
        #expect(removed.events.first?.details["signatures-cleared"] == "a b")
        let added = try engine.addCertificate(removed.dossier, kind: "equity-pledge-notice", number: "EP-1", quantity: 1,
                                              actor: member("carol"), at: at("2026-03-03T11:03"))
        #expect(added.events.first?.details["signatures-cleared"] == nil, "nothing was signed since the removal")
    }

    @Test("a handed-over list never changes: later certificates go on list 2, and a number is handed over once")
    func secondList() throws {
        let engine = try Loan.engine()
        var dossier = try Self.drafted(engine)
        for person in ["alice", "bob", "carol"] {
            dossier = try engine.signCertificates(dossier, actor: member(person), at: at("2026-03-03T11:00")).dossier
        }
        #expect(refusal { try engine.removeCertificate(dossier, number: Self.rights, actor: member("alice"), at: at("2026-03-03T12:00")) }
                == .certificateNotOnDraft(number: Self.rights, draft: nil))
        #expect(refusal { try engine.addCertificate(dossier, kind: "other-rights-certificate", number: Self.rights, quantity: 1,
                                                    actor: member("alice"), at: at("2026-03-03T12:00")) }
                == .duplicateCertificate(kind: "other-rights-certificate", number: Self.rights, list: 1))
        let later = try engine.addCertificate(dossier, kind: "chattel-mortgage-notice", number: "CM-9", quantity: 1, actor: member("bob"),
                                              at: at("2026-03-03T12:00")).dossier
        #expect(later.certificateLists.map(\.number) == [1, 2])
        #expect(later.certificateLists.first?.isHandedOver == true)
        #expect(later.draftCertificateList?.entries.map(\.number) == ["CM-9"])
    }

    @Test("bad input is refused with what was expected",
          arguments: [("property", "X-1", 1), ("property-certificate", "  ", 1), ("property-certificate", "X-1", 0)])
    func badInput(kind: String, number: String, quantity: Int) throws {
        let engine = try Loan.engine()
        let started = try Loan.start(engine).dossier
        let refused = refusal {
            try engine.addCertificate(started, kind: kind, number: number, quantity: quantity, actor: member("alice"), at: at("2026-03-03T10:00"))
        }
        let expected: Refusal = switch (kind, quantity) {
        case ("property", _): .unknownCertificateKind("property", suggestion: "property-certificate",
                                                      known: ["property-certificate", "guarantor-property-certificate", "other-rights-certificate",
                                                              "chattel-mortgage-notice", "equity-pledge-notice"])
        case (_, 0): .invalidField("--quantity", value: "0", expected: "a quantity of 1 or more")
        default: .invalidField("--number", value: "", expected: "the certificate's number as printed on it")
        }
        #expect(refused == expected)
    }

    @Test("a workflow without certificates refuses them")
    func noCertificates() throws {
        let engine = try EngineFixtures.engine("new-car-intake")
        let sam = StaffMember(id: "sam", name: "Sam Chen", roles: ["sales-consultant"])
        let started = try engine.start(id: 1, fields: ["customer": "Zhou", "vin": "V1", "sold-on": "2026-03-10"],
                                       assignments: ["sales": "sam", "archivist": "carol"], actor: sam, staff: testStaff.merging(["sam": sam]) { $1 },
                                       at: at("2026-03-10T16:00")).dossier
        #expect(refusal { try engine.addCertificate(started, kind: "property-certificate", number: "1", quantity: 1, actor: sam,
                                                    at: at("2026-03-10T16:05")) } == .noCertificates(workflow: "new-car-intake"))
    }

    @Test("registration waits while a certificate list lacks a signature, and says whose")
    func guardHoldsRegistration() throws {
        let engine = try Loan.engine()
        let ready = try Loan.inArchiving(engine)
        let drafted = try engine.addCertificate(ready, kind: "property-certificate", number: Self.property, quantity: 1, actor: member("alice"),
                                                at: at("2026-03-05T09:00")).dossier
        let signed = try engine.signCertificates(drafted, actor: member("alice"), at: at("2026-03-05T09:01")).dossier
        let refused = refusal { try engine.advance(signed, task: 3, action: "register", note: nil, actor: member("carol"), at: at("2026-03-05T09:30")) }
        #expect(refused == .guardsUnmet(action: "register", missing: [
            "certificate list 1 still waits for the signature of b (bob), archivist (carol): `dossier certificates sign \(Loan.dossierID)`",
        ]))
        var complete = signed
        for person in ["bob", "carol"] {
            complete = try engine.signCertificates(complete, actor: member(person), at: at("2026-03-05T09:40")).dossier
        }
        let registering = try engine.advance(complete, task: 3, action: "register", note: nil, actor: member("carol"), at: at("2026-03-05T10:00"))
        #expect(registering.events.contains { $0.kind == .signed })
    }

    @Test("a snapshot stored before certificate lists existed still decodes, with none")
    func oldSnapshot() throws {
        let engine = try Loan.engine()
        let dossier = try Loan.start(engine).dossier
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(dossier)) as? [String: Any])
        object.removeValue(forKey: "certificateLists")
        let decoded = try JSONDecoder().decode(Dossier.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded == dossier)
    }
}
