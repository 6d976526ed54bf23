import DossierAPI
import DossierOffice
@testable import DossierService
import DossierStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Every route of `/api/v1`, in-process through HummingbirdTesting on a copy of the demo's store:
/// each answers its success and at least one refusal, and a route added without both fails the
/// last check.
@Suite("Service: every endpoint")
struct EndpointCoverageTests {
    @Test("every endpoint answers its success and its refusals, as the people of the demo")
    func everyEndpoint() async throws {
        let fixture = try DemoStoreFixture()
        let seen = Outcomes()
        let app = Application(router: fixture.service.router())
        let backupFolder = fixture.backupFolder
        try await app.test(.router) { client in
            let api = Caller(client: client, seen: seen, backupFolder: backupFolder)
            try await Self.sessionsAndStaff(api)
            try await Self.tasksAndDossiers(api)
            try await Self.finesAndAudit(api)
            try await Self.lending(api)
            try await Self.readings(api)
            try await Self.departure(api)
            try await Self.destruction(api)
            try await Self.clock(api)
        }
        for endpoint in Endpoints.all {
            let statuses = seen.statuses(of: endpoint.operationID)
            #expect(statuses.contains { (200..<300).contains($0) }, "\(endpoint.operationID) answered no success in this test")
            #expect(statuses.contains { (400..<500).contains($0) }, "\(endpoint.operationID) answered no refusal in this test")
        }
    }

    static func sessionsAndStaff(_ api: Caller) async throws {
        try await api.call("logIn", .post, "/sessions", body: LoginRequest(user: "alice", password: "not her password", client: nil),
                           expect: .unauthorized, type: "not-authenticated")
        for person in ["carol", "alice", "bob", "sam", "gina", "mia"] { try await api.logIn(person) }
        try await api.call("whoAmI", .get, "/me", as: "alice", expect: .ok)
        try await api.call("whoAmI", .get, "/me", expect: .unauthorized, type: "not-authenticated")
        try await api.call("listSessions", .get, "/sessions", as: "alice", expect: .ok)
        try await api.call("listSessions", .get, "/sessions?all=true", as: "alice", expect: .forbidden, type: "not-permitted")
        let second = try await api.logIn("carol", keep: false)
        let sessions = try await api.decode([SessionBody].self, api.call("listSessions", .get, "/sessions?all=true", as: "carol", expect: .ok))
        let carols = sessions.filter { $0.staff == "carol" }.map(\.id).sorted()
        #expect(carols.count == 2)
        try await api.call("revokeSession", .delete, "/sessions/\(carols[0])", as: "alice", expect: .forbidden, type: "not-permitted")
        try await api.call("revokeSession", .delete, "/sessions/\(carols[1])", as: "carol", expect: .noContent)
        try await api.call("logOut", .delete, "/sessions/current", token: second, expect: .unauthorized, type: "not-authenticated")
        let third = try await api.logIn("bob", keep: false)
        try await api.call("logOut", .delete, "/sessions/current", token: third, expect: .noContent)

        try await api.call("listStaff", .get, "/staff", as: "sam", expect: .ok)
        try await api.call("listStaff", .get, "/staff", token: "forged", expect: .unauthorized, type: "not-authenticated")
        try await api.call("addStaff", .post, "/staff", as: "alice", body: NewStaffRequest(id: "dan", name: "Dan", roles: ["handler"], department: "sales"),
                           expect: .forbidden, type: "not-permitted")
        try await api.call("addStaff", .post, "/staff", as: "carol", body: NewStaffRequest(id: "dan", name: "Dan", roles: ["handler"], department: "sales"),
                           expect: .created)
        try await api.call("setPassword", .put, "/staff/bob/password", as: "alice", body: PasswordRequest(password: "another long secret"),
                           expect: .forbidden, type: "not-permitted")
        try await api.call("setPassword", .put, "/staff/dan/password", as: "carol", body: PasswordRequest(password: "short"),
                           expect: .unprocessableContent, type: "refused")
        try await api.call("setPassword", .put, "/staff/dan/password", as: "carol", body: PasswordRequest(password: DemoStoreFixture.password),
                           expect: .noContent)
        try await api.logIn("dan")
        try await api.call("showStaff", .get, "/staff/alice", as: "bob", expect: .ok)
        try await api.call("showStaff", .get, "/staff/nobody", as: "bob", expect: .unprocessableContent, type: "refused")
    }

    static func tasksAndDossiers(_ api: Caller) async throws {
        try await api.call("deployDefinitions", .post, "/definitions", as: "alice",
                           body: DeployRequest(files: [DefinitionFileBody(name: "errand.xml", source: DemoStoreFixture.errand)]),
                           expect: .forbidden, type: "not-permitted")
        let broken = DemoStoreFixture.errand.replacingOccurrences(of: "to=\"two\"", with: "to=\"tow\"")
        let refused = try await api.call("deployDefinitions", .post, "/definitions", as: "carol",
                                         body: DeployRequest(files: [DefinitionFileBody(name: "errand.xml", source: broken)]),
                                         expect: .unprocessableContent, type: "invalid-definitions")
        let problem = try api.decode(ProblemBody.self, refused)
        #expect(problem.diagnostics?.first?.hasPrefix("errand.xml:") == true, "the findings name file:line:column: \(problem)")
        try await api.call("deployDefinitions", .post, "/definitions", as: "carol",
                           body: DeployRequest(files: [DefinitionFileBody(name: "errand.xml", source: DemoStoreFixture.errand)]), expect: .ok)

        try await api.call("startDossier", .post, "/dossiers", as: "alice",
                           body: StartRequest(workflow: "errand", fields: [:], assignments: ["a": "alice", "b": "alice", "boss": "gina"]),
                           expect: .unprocessableContent)
        let started = try await api.decode(StartResponse.self, api.call(
            "startDossier", .post, "/dossiers", as: "alice",
            body: StartRequest(workflow: "errand", fields: [:], assignments: ["a": "alice", "b": "bob", "boss": "gina"]), expect: .created))
        let task = try #require(started.task?.task)
        try await api.call("listTasks", .get, "/tasks?mine=true", as: "alice", expect: .ok)
        try await api.call("listTasks", .get, "/tasks?limit=-1", as: "alice", expect: .badRequest, type: "invalid")
        try await api.call("getTask", .get, "/tasks/\(task)", as: "bob", expect: .ok)
        try await api.call("getTask", .get, "/tasks/99999", as: "bob", expect: .notFound, type: "no-task")
        try await api.call("taskDetails", .get, "/tasks/\(task)/details", as: "bob", expect: .ok)
        try await api.call("taskDetails", .get, "/tasks/99999/details", as: "bob", expect: .notFound, type: "no-task")
        try await api.call("extendTask", .post, "/tasks/\(task)/extension", as: "alice", body: ExtendRequest(until: "2026-04-10", reason: "waiting"),
                           expect: .unprocessableContent)
        try await api.call("extendTask", .post, "/tasks/\(task)/extension", as: "gina", body: ExtendRequest(until: "2026-04-10", reason: "waiting"),
                           expect: .ok)
        try await api.call("advanceTask", .post, "/tasks/\(task)/advance", as: "bob", body: AdvanceRequest(action: "ping", note: nil, fields: nil),
                           expect: .unprocessableContent, type: "refused/not-your-task")
        try await api.call("advanceTask", .post, "/tasks/\(task)/advance", as: "alice", body: AdvanceRequest(action: "ping", note: nil, fields: nil),
                           expect: .ok)
        try await api.call("listPending", .get, "/pending?user=bob", as: "bob", expect: .ok)
        try await api.call("listPending", .get, "/pending?limit=many", as: "bob", expect: .badRequest, type: "invalid")

        // Dossier 2 (loan-intake, alice compiling, bob reviewing, carol the archivist).
        try await api.call("readDossier", .get, "/dossiers/2", as: "alice", expect: .ok)
        try await api.call("readDossier", .get, "/dossiers/2", as: "sam", expect: .forbidden, type: "may-not-read")
        try await api.call("readChecklist", .get, "/dossiers/2/checklist", as: "bob", expect: .ok)
        try await api.call("readChecklist", .get, "/dossiers/2/checklist", as: "sam", expect: .forbidden, type: "may-not-read")
        try await api.call("readHistory", .get, "/dossiers/2/history", as: "carol", expect: .ok)
        try await api.call("readHistory", .get, "/dossiers/99999/history", as: "carol", expect: .notFound, type: "no-dossier")
        try await api.call("recordItem", .put, "/dossiers/2/checklist/no-such-item", as: "alice",
                           body: RecordItemRequest(pages: 2, signatures: ["customer"], missing: false), expect: .unprocessableContent)
        try await api.call("recordItem", .put, "/dossiers/2/checklist/loan-application", as: "alice",
                           body: RecordItemRequest(pages: 2, signatures: ["customer"], missing: false), expect: .ok)
        try await api.call("verifyItem", .post, "/dossiers/2/checklist/loan-application/verification", as: "alice",
                           body: VerifyItemRequest(defect: nil), expect: .unprocessableContent)
        // Alice completes the checklist and hands over; B checks an item.
        let items = try await api.decode([ChecklistItemBody].self, api.call("readChecklist", .get, "/dossiers/2/checklist", as: "alice", expect: .ok))
        for item in items where item.required && item.kind != "attachment" && !item.recorded {
            try await api.call("recordItem", .put, "/dossiers/2/checklist/\(item.item)", as: "alice",
                               body: RecordItemRequest(pages: 3, signatures: item.signaturesRequired, missing: false), expect: .ok)
        }
        try await api.call("advanceTask", .post, "/tasks/6/advance", as: "alice", body: AdvanceRequest(action: "hand-over", note: nil, fields: nil),
                           expect: .ok)
        try await api.call("verifyItem", .post, "/dossiers/2/checklist/loan-application/verification", as: "bob",
                           body: VerifyItemRequest(defect: nil), expect: .ok)
        try await api.call("addCertificate", .post, "/dossiers/2/certificates", as: "alice",
                           body: AddCertificateRequest(kind: "no-such-kind", number: "X-1", quantity: 1), expect: .unprocessableContent)
        try await api.call("addCertificate", .post, "/dossiers/2/certificates", as: "alice",
                           body: AddCertificateRequest(kind: "property-certificate", number: "沪(2026)不动产权第0099号", quantity: 1), expect: .ok)
        try await api.call("addCertificate", .post, "/dossiers/2/certificates", as: "alice",
                           body: AddCertificateRequest(kind: "property-certificate", number: "沪(2026)不动产权第0100号", quantity: 1), expect: .ok)
        let removed = "沪(2026)不动产权第0100号".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        try await api.call("removeCertificate", .delete, "/dossiers/2/certificates/\(removed)", as: "alice", expect: .ok)
        try await api.call("removeCertificate", .delete, "/dossiers/2/certificates/\(removed)", as: "alice", expect: .unprocessableContent)
        try await api.call("signCertificates", .post, "/dossiers/2/certificates/signature", as: "sam", expect: .unprocessableContent)
        try await api.call("signCertificates", .post, "/dossiers/2/certificates/signature", as: "alice", expect: .ok)
        try await api.call("listCertificates", .get, "/certificates?scope=all", as: "carol", expect: .ok)
        try await api.call("listCertificates", .get, "/certificates?scope=everything", as: "carol", expect: .badRequest, type: "invalid")
    }

    /// Last: a clock set ahead refuses every earlier moment after it.
    static func clock(_ api: Caller) async throws {
        try await api.call("readClock", .get, "/clock", as: "bob", expect: .ok)
        try await api.call("readClock", .get, "/clock", expect: .unauthorized, type: "not-authenticated")
        try await api.call("setClock", .put, "/clock", as: "bob", body: ClockRequest(at: Date(timeIntervalSince1970: 1_772_323_200)),
                           expect: .unprocessableContent, type: "time-goes-backwards")
        let set = try await api.call("setClock", .put, "/clock", as: "bob", body: ClockRequest(at: Date(timeIntervalSince1970: 1_774_573_200)),
                                     expect: .ok)
        #expect(try api.decode(ClockBody.self, set) == ClockBody(at: Date(timeIntervalSince1970: 1_774_573_200), simulation: true))
    }

    /// Zed joins and leaves at once: nothing held, so the departure is signed by all three and
    /// the account deactivated; Sam, who holds dossiers, cannot be.
    static func departure(_ api: Caller) async throws {
        try await api.call("readHoldings", .get, "/staff/sam/holdings", as: "carol", expect: .ok)
        try await api.call("readHoldings", .get, "/staff/sam/holdings", as: "bob", expect: .forbidden, type: "not-permitted")
        try await api.call("addStaff", .post, "/staff", as: "carol", body: NewStaffRequest(id: "zed", name: "Zed", roles: ["handler"], department: "loans"),
                           expect: .created)
        try await api.call("setPassword", .put, "/staff/zed/password", as: "carol", body: PasswordRequest(password: DemoStoreFixture.password),
                           expect: .noContent)
        try await api.logIn("zed")
        try await api.call("openDeparture", .post, "/staff/zed/departure", as: "zed", body: DepartureRequest(successor: "alice", supervisor: "gina"),
                           expect: .forbidden, type: "not-permitted")
        let opened = try await api.call("openDeparture", .post, "/staff/zed/departure", as: "carol",
                                        body: DepartureRequest(successor: "alice", supervisor: "gina"), expect: .created)
        let departure = try api.decode(DepartureBody.self, opened)
        #expect(departure.holdings.stillHeld.isEmpty)
        try await api.call("transferHoldings", .post, "/staff/zed/transfers", as: "carol", body: TransferRequest(to: nil, dossier: nil), expect: .ok)
        try await api.call("transferHoldings", .post, "/staff/zed/transfers", as: "sam", body: TransferRequest(to: nil, dossier: nil),
                           expect: .forbidden, type: "not-permitted")
        try await api.call("deactivateStaff", .post, "/staff/zed/deactivation", as: "carol", body: DeactivationRequest(reason: "left"),
                           expect: .unprocessableContent, type: "refused")
        let task = try #require(departure.task?.task)
        for person in ["zed", "alice", "gina"] {
            try await api.call("advanceTask", .post, "/tasks/\(task)/advance", as: person, body: AdvanceRequest(action: "sign", note: nil, fields: nil),
                               expect: .ok)
        }
        try await api.call("deactivateStaff", .post, "/staff/zed/deactivation", as: "carol", body: DeactivationRequest(reason: "left"), expect: .noContent)
        try await api.call("deactivateStaff", .post, "/staff/sam/deactivation", as: "carol", body: DeactivationRequest(reason: "left"),
                           expect: .unprocessableContent, type: "refused")
        // Zed has no fine to settle; an administrator settles one of Alice's.
        try await api.call("settleFines", .post, "/fines/settlements", as: "carol",
                           body: SettlementRequest(fines: nil, person: "zed", through: nil, note: "again"), expect: .unprocessableContent, type: "refused")
        try await api.call("settleFines", .post, "/fines/settlements", as: "bob",
                           body: SettlementRequest(fines: [1], person: nil, through: nil, note: "paid"), expect: .forbidden, type: "not-permitted")
        let settled = try await api.call("settleFines", .post, "/fines/settlements", as: "carol",
                                         body: SettlementRequest(fines: [1], person: nil, through: nil, note: "paid in cash"), expect: .ok)
        #expect(try api.decode([FineSettlementBody].self, settled).map(\.fine) == [1])
    }

    /// Nothing of March 2026 is past its retention; a legal hold is placed once and released.
    static func destruction(_ api: Caller) async throws {
        let candidates = try await api.call("destructionCandidates", .get, "/destruction/candidates", as: "carol", expect: .ok)
        #expect(try api.decode([DestructionCandidateBody].self, candidates).isEmpty)
        try await api.call("destructionCandidates", .get, "/destruction/candidates", as: "bob", expect: .forbidden, type: "not-permitted")
        let encoded = "鸿借字第001号".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let held = try await api.call("legalHold", .post, "/archive/\(encoded)/legal-hold", as: "carol",
                                      body: LegalHoldRequest(reason: "court order", release: nil), expect: .ok)
        #expect(try api.decode(LegalHoldBody.self, held) == LegalHoldBody(archiveNumber: "鸿借字第001号", dossier: 1, held: true))
        try await api.call("legalHold", .post, "/archive/\(encoded)/legal-hold", as: "carol", body: LegalHoldRequest(reason: "again", release: nil),
                           expect: .unprocessableContent, type: "refused/already-held")
        try await api.call("legalHold", .post, "/archive/\(encoded)/legal-hold", as: "bob", body: LegalHoldRequest(reason: "x", release: true),
                           expect: .forbidden, type: "not-permitted")
        try await api.call("legalHold", .post, "/archive/\(encoded)/legal-hold", as: "carol", body: LegalHoldRequest(reason: " ", release: true),
                           expect: .badRequest)
        try await api.call("legalHold", .post, "/archive/\(encoded)/legal-hold", as: "carol", body: LegalHoldRequest(reason: "case closed", release: true),
                           expect: .ok)
        let export = try await api.call("exportCustomer", .get, "/customers/Zhou%20Min/export", as: "carol", expect: .ok)
        #expect(try api.decode(CustomerExportBody.self, export).dossiers.map(\.dossier) == [3])
        try await api.call("exportCustomer", .get, "/customers/Zhou%20Min/export", as: "bob", expect: .forbidden, type: "not-permitted")
        // Zhou Min's car dossier is kept ten years; Wang Fang, whose first contact came to nothing, is erased at her request.
        try await api.call("eraseCustomer", .post, "/customers/Zhou%20Min/erasure", as: "carol", body: ErasureRequest(request: "2026-001"),
                           expect: .unprocessableContent, type: "refused/not-erasable")
        let contact = try await api.decode(StartResponse.self, api.call(
            "startDossier", .post, "/dossiers", as: "alice",
            body: StartRequest(workflow: "generic-customer", fields: ["customer": "Wang Fang", "first-contact-on": "2026-03-24"],
                               assignments: ["handler": "alice", "head": "mia"]), expect: .created))
        let registering = try #require(contact.task?.task)
        let registered = try await api.decode(AdvanceResponse.self, api.call(
            "advanceTask", .post, "/tasks/\(registering)/advance", as: "alice", body: AdvanceRequest(action: "register", note: nil, fields: nil), expect: .ok))
        let negotiating = try #require(registered.openedTask?.task)
        try await api.call("advanceTask", .post, "/tasks/\(negotiating)/advance", as: "alice",
                           body: AdvanceRequest(action: "close", note: "no contract", fields: nil), expect: .ok)
        try await api.call("eraseCustomer", .post, "/customers/Wang%20Fang/erasure", as: "bob", body: ErasureRequest(request: "2026-002"),
                           expect: .forbidden, type: "not-permitted")
        let erased = try await api.call("eraseCustomer", .post, "/customers/Wang%20Fang/erasure", as: "carol", body: ErasureRequest(request: "2026-002"),
                                        expect: .ok)
        #expect(try api.decode(CustomerErasureBody.self, erased).dossiers == [contact.dossier])
        // Dossier 1's certificates, kept by carol: only she or an administrator moves them.
        try await api.call("handCertificates", .post, "/dossiers/1/certificates/keeper", as: "bob", body: CertificateMoveRequest(to: "carol", list: nil, note: nil),
                           expect: .forbidden, type: "not-permitted")
        try await api.call("handCertificates", .post, "/dossiers/1/certificates/keeper", as: "carol", body: CertificateMoveRequest(to: "alice", list: nil, note: nil),
                           expect: .unprocessableContent, type: "refused")
        try await api.call("handCertificates", .post, "/dossiers/1/certificates/keeper", as: "carol", body: CertificateMoveRequest(to: "carol", list: 1, note: nil),
                           expect: .ok)
        let returned = try await api.call("returnCertificates", .post, "/dossiers/1/certificates/return", as: "carol",
                                          body: CertificateMoveRequest(to: "Hongda", list: nil, note: "loan repaid"), expect: .ok)
        #expect(try api.decode(CertificateMoveBody.self, returned) == CertificateMoveBody(dossier: 1, lists: [1], from: ["carol"], to: "Hongda", returned: true))
        try await api.call("returnCertificates", .post, "/dossiers/1/certificates/return", as: "carol",
                           body: CertificateMoveRequest(to: "Hongda", list: nil, note: nil), expect: .unprocessableContent, type: "refused/no-certificates-in-safe")
    }

    static func finesAndAudit(_ api: Caller) async throws {
        try await api.call("tick", .post, "/tick", as: "carol", expect: .ok)
        try await api.call("tick", .post, "/tick", expect: .unauthorized, type: "not-authenticated")
        try await api.call("listFines", .get, "/fines?person=alice&month=2026-03", as: "gina", expect: .ok)
        try await api.call("listFines", .get, "/fines?month=2026-13", as: "gina", expect: .badRequest, type: "invalid")
        try await api.call("waiveFine", .post, "/fines/2/waiver", as: "mia", body: WaiveRequest(reason: "sick leave"),
                           expect: .forbidden, type: "not-permitted")
        try await api.call("waiveFine", .post, "/fines/2/waiver", as: "gina", body: WaiveRequest(reason: "sick leave"), expect: .ok)
        let lent = RecordFineRequest(rule: "account-shared", workflow: nil, person: "sam", reason: "let Bob log in as him", amount: nil,
                                     dossier: nil, assignments: nil)
        try await api.call("recordFine", .post, "/fines", as: "sam", body: lent, expect: .forbidden, type: "not-permitted")
        try await api.call("recordFine", .post, "/fines", as: "gina", body: lent, expect: .created)
        var own = lent
        own.person = "gina"
        try await api.call("recordFine", .post, "/fines", as: "gina", body: own, expect: .unprocessableContent, type: "refused/own-fine")
        var blank = lent
        blank.reason = "  "
        try await api.call("recordFine", .post, "/fines", as: "gina", body: blank, expect: .badRequest, type: "invalid")
        var lost = RecordFineRequest(rule: "lost-or-damaged", workflow: "borrow", person: "sam", reason: "tore the contract", amount: nil,
                                     dossier: 1, assignments: ["archivist": "carol"])
        try await api.call("recordFine", .post, "/fines", as: "gina", body: lost, expect: .unprocessableContent, type: "refused/amount-outside-range")
        lost.amount = 120
        let restored = try await api.call("recordFine", .post, "/fines", as: "gina", body: lost, expect: .created)
        let recorded = try api.decode(RecordedFineBody.self, restored)
        #expect(recorded.fine.amount == 120 && recorded.fine.recordedBy == "gina" && recorded.fine.dossier == 1)
        #expect(recorded.restoration?.workflow == "restoration" && recorded.restoration?.task?.assignee == "sam")
        try await api.call("readRegister", .get, "/register", as: "bob", expect: .ok)
        try await api.call("readRegister", .get, "/register", expect: .unauthorized, type: "not-authenticated")
        try await api.call("performanceReport", .get, "/reports/kpi?month=2026-03", as: "gina", expect: .ok)
        try await api.call("performanceReport", .get, "/reports/kpi", as: "gina", expect: .badRequest, type: "invalid")
        try await api.call("latestCheckpoint", .get, "/audit/checkpoint", as: "bob", expect: .unprocessableContent, type: "refused")
        try await api.call("signCheckpoint", .post, "/audit/checkpoint", as: "bob", expect: .forbidden, type: "not-permitted")
        try await api.call("signCheckpoint", .post, "/audit/checkpoint", as: "carol", expect: .ok)
        try await api.call("latestCheckpoint", .get, "/audit/checkpoint", as: "bob", expect: .ok)
        try await api.call("verifyAudit", .post, "/audit/verification", as: "bob", body: AuditRequest(checkpoint: nil), expect: .forbidden,
                           type: "not-permitted")
        let audit = try await api.decode(AuditResponse.self, api.call("verifyAudit", .post, "/audit/verification", as: "carol",
                                                                       body: AuditRequest(checkpoint: nil), expect: .ok))
        #expect(audit.problems.isEmpty, "\(audit.problems)")
        let name = "office-\(UUID().uuidString).db"
        let target = api.backupFolder.appendingPathComponent(name).path
        try await api.call("backUp", .post, "/backups", as: "bob", body: BackupRequest(name: name), expect: .forbidden, type: "not-permitted")
        for outside in ["/tmp/x.db", "../x.db", "a/b.db", "..", ".hidden.db", ""] {
            try await api.call("backUp", .post, "/backups", as: "carol", body: BackupRequest(name: outside), expect: .badRequest, type: "invalid")
        }
        let backup = try await api.decode(BackupBody.self, api.call("backUp", .post, "/backups", as: "carol", body: BackupRequest(name: name),
                                                                    expect: .created))
        #expect(backup.path == target && backup.events > 0 && backup.checkpoints >= 1, "\(backup)")
        try await api.call("backUp", .post, "/backups", as: "carol", body: BackupRequest(name: name), expect: .unprocessableContent, type: "file-exists")
        try await api.call("listWorkflows", .get, "/workflows", as: "sam", expect: .ok)
        try await api.call("listWorkflows", .get, "/workflows", expect: .unauthorized, type: "not-authenticated")
        try await api.call("readDefinition", .get, "/definitions/workflow/loan-intake", as: "sam", expect: .ok)
        try await api.call("readDefinition", .get, "/definitions/calendar/cn", as: "sam", expect: .ok)
        try await api.call("readDefinition", .get, "/definitions/workflow/loan-intake?version=9", as: "sam", expect: .notFound, type: "no-version")
        try await api.call("readDefinition", .get, "/definitions/calendar/mars", as: "sam", expect: .notFound, type: "no-calendar")
        try await api.call("readDefinition", .get, "/definitions/recipe/x", as: "sam", expect: .badRequest, type: "invalid")
    }

    static func lending(_ api: Caller) async throws {
        let number = "鸿借字第001号", encoded = "鸿借字第001号".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        try await api.call("requestLoan", .post, "/loans", as: "sam",
                           body: LoanRequestBody(archiveNumber: "无此号", purpose: "x", until: "2026-03-27", takeAway: false, material: [], archivist: nil,
                                                 workflow: nil), expect: .notFound, type: "no-archive-number")
        let slip = LoanRequestBody(archiveNumber: number, purpose: "a second look", until: "2026-03-27", takeAway: false, material: [], archivist: nil,
                                   workflow: nil)
        let made = try await api.decode(LoanRequestResponse.self, api.call("requestLoan", .post, "/loans", as: "sam", body: slip, expect: .created))
        #expect(made.directReason == nil && !made.approvers.isEmpty)
        try await api.call("approveLoan", .post, "/loans/\(made.loan)/approval", as: "alice", body: LoanNoteRequest(note: nil),
                           expect: .unprocessableContent)
        try await api.call("approveLoan", .post, "/loans/\(made.loan)/approval", as: "gina", body: LoanNoteRequest(note: nil), expect: .ok)
        try await api.call("lendLoan", .post, "/loans/\(made.loan)/lending", as: "sam", expect: .unprocessableContent)
        try await api.call("lendLoan", .post, "/loans/\(made.loan)/lending", as: "carol", expect: .ok)
        try await api.call("viewDossier", .get, "/archive/\(encoded)", as: "sam", expect: .ok)
        try await api.call("viewDossier", .get, "/archive/\(encoded)", as: "dan", expect: .unprocessableContent, type: "refused")
        try await api.call("renewLoan", .post, "/loans/\(made.loan)/renewal", as: "alice", body: RenewRequest(until: "2026-03-30", reason: "more time"),
                           expect: .unprocessableContent)
        try await api.call("renewLoan", .post, "/loans/\(made.loan)/renewal", as: "gina", body: RenewRequest(until: "2026-03-30", reason: "more time"),
                           expect: .ok)
        try await api.call("listLoans", .get, "/loans?overdue=false", as: "carol", expect: .ok)
        try await api.call("listLoans", .get, "/loans", token: "forged", expect: .unauthorized, type: "not-authenticated")
        try await api.call("returnLoan", .post, "/loans/\(made.loan)/return", as: "carol",
                           body: ReturnRequest(missing: ["no-such-item"], damaged: [], pages: [:]), expect: .unprocessableContent)
        let back = try await api.decode(LoanChangeResponse.self, api.call(
            "returnLoan", .post, "/loans/\(made.loan)/return", as: "carol", body: ReturnRequest(missing: ["site-visit-record"], damaged: [], pages: [:]),
            expect: .ok))
        #expect(back.state == "returned-incomplete" && back.fines.map(\.payer) == ["sam"])
        try await api.call("custody", .get, "/archive/\(encoded)/custody", as: "carol", expect: .ok)
        try await api.call("custody", .get, "/archive/NOPE/custody", as: "carol", expect: .notFound, type: "no-archive-number")
        try await api.call("completeLoan", .post, "/loans/\(made.loan)/completion", as: "carol", body: LoanNoteRequest(note: nil), expect: .ok)
        try await api.call("completeLoan", .post, "/loans/\(made.loan)/completion", as: "carol", body: LoanNoteRequest(note: nil),
                           expect: .unprocessableContent, type: "loan-closed")
        let other = try await api.decode(LoanRequestResponse.self, api.call("requestLoan", .post, "/loans", as: "sam", body: slip, expect: .created))
        try await api.call("rejectLoan", .post, "/loans/1/rejection", as: "gina", body: LoanNoteRequest(note: "no"), expect: .unprocessableContent,
                           type: "not-a-loan")
        try await api.call("rejectLoan", .post, "/loans/\(other.loan)/rejection", as: "gina", body: LoanNoteRequest(note: "not needed"), expect: .ok)
    }

    static func readings(_ api: Caller) async throws {
        let document = try await api.call("printDocument", .get, "/documents/receipt-book-entry?dossier=3&form=html", as: "carol", expect: .ok)
        #expect(document.headers[.contentType] == "text/html; charset=utf-8")
        #expect(String(buffer: document.body).contains("GY-SH-001"))
        try await api.call("printDocument", .get, "/documents/loan-ledger?month=2026-03", as: "carol", expect: .ok)
        try await api.call("printDocument", .get, "/documents/item-list?dossier=2", as: "sam", expect: .forbidden, type: "may-not-read")
        try await api.call("printDocument", .get, "/documents/recipe?dossier=2", as: "carol", expect: .badRequest, type: "invalid")
    }
}

/// What each operation answered in the test.
final class Outcomes: @unchecked Sendable {
    // Every access holds `lock`.
    private let lock = NSLock()
    private var seen: [String: Set<Int>] = [:]

    func record(_ operation: String, _ status: Int) { lock.withLock { _ = seen[operation, default: []].insert(status) } }
    func statuses(of operation: String) -> Set<Int> { lock.withLock { seen[operation] ?? [] } }
}

/// Requests as the people of the demo, each a minute after the last on the simulated clock, each
/// checked for its status (and problem type) and counted for its operation.
final class Caller: @unchecked Sendable {
    // Used by one test task at a time.
    let client: any TestClientProtocol
    let seen: Outcomes
    /// The service's backup folder (`serve --backup-dir`).
    let backupFolder: URL
    private var tokens: [String: String] = [:]
    private var minute = 0

    init(client: any TestClientProtocol, seen: Outcomes, backupFolder: URL) {
        self.client = client
        self.seen = seen
        self.backupFolder = backupFolder
    }

    /// The next moment on the simulated clock: from 26 March 2026, 09:00, a minute a request.
    private func nextTime() -> String {
        minute += 1
        return String(format: "2026-03-26T%02d:%02d:00+08:00", 9 + minute / 60, minute % 60)
    }

    @discardableResult
    func logIn(_ user: String, keep: Bool = true) async throws -> String {
        let response = try await call("logIn", .post, "/sessions", body: LoginRequest(user: user, password: DemoStoreFixture.password, client: "test"),
                                      expect: .created)
        let token = try decode(LoginResponse.self, response).token
        if keep { tokens[user] = token }
        return token
    }

    @discardableResult
    func call(_ operation: String, _ method: HTTPRequest.Method, _ path: String, as user: String? = nil, token: String? = nil,
              body: (some Encodable)? = Optional<Int>.none, expect status: HTTPResponse.Status, type: String? = nil,
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let name = HTTPField.Name("Dossier-Simulated-Time") { headers[name] = nextTime() }
        if let bearer = token ?? user.flatMap({ tokens[$0] }) { headers[.authorization] = "Bearer \(bearer)" }
        let buffer = try body.map { ByteBuffer(bytes: try APICoding.encoder().encode($0)) }
        let response = try await client.execute(uri: "/api/v1" + path, method: method, headers: headers, body: buffer)
        seen.record(operation, Int(response.status.code))
        #expect(response.status == status, "\(operation) \(path): \(String(buffer: response.body))", sourceLocation: sourceLocation)
        if let type {
            let problem = try decode(ProblemBody.self, response)
            #expect(problem.type.hasPrefix("/api/v1/problems/\(type)"), "\(operation): \(problem)", sourceLocation: sourceLocation)
            #expect(problem.exit == Problem.exitStatus(response.status), sourceLocation: sourceLocation)
        }
        return response
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try APICoding.decoder().decode(T.self, from: Data(buffer: response.body))
    }
}

extension EndpointCoverageTests {
    @Test("a simulation's clock only moves on: a session that has ended cannot be used again by asking for an earlier time")
    func simulatedTimeMovesOn() async throws {
        let fixture = try DemoStoreFixture()
        let app = Application(router: fixture.service.router())
        try await app.test(.router) { client in
            func request(_ path: String, _ method: HTTPRequest.Method, at time: String, token: String? = nil,
                         body: (some Encodable)? = Optional<LoginRequest>.none) async throws -> TestResponse {
                var headers: HTTPFields = [.contentType: "application/json"]
                headers[try #require(HTTPField.Name("Dossier-Simulated-Time"))] = time
                if let token { headers[.authorization] = "Bearer \(token)" }
                return try await client.execute(uri: "/api/v1" + path, method: method, headers: headers,
                                                body: try body.map { ByteBuffer(bytes: try APICoding.encoder().encode($0)) })
            }
            let login = LoginRequest(user: "carol", password: DemoStoreFixture.password, client: nil)
            let carol = try APICoding.decoder().decode(LoginResponse.self, from: Data(buffer: try await request(
                "/sessions", .post, at: "2026-03-26T09:00:00+08:00", body: login).body)).token
            #expect(try await request("/me", .get, at: "2026-03-26T10:00:00+08:00", token: carol).status == .ok)
            // Two weeks later someone else acts: carol's session has long been idle past its limit.
            let alice = try APICoding.decoder().decode(LoginResponse.self, from: Data(buffer: try await request(
                "/sessions", .post, at: "2026-04-09T09:00:00+08:00",
                body: LoginRequest(user: "alice", password: DemoStoreFixture.password, client: nil)).body)).token
            #expect(try await request("/tick", .post, at: "2026-04-09T09:01:00+08:00", token: alice).status == .ok)
            #expect(try await request("/me", .get, at: "2026-04-09T09:02:00+08:00", token: carol).status == .unauthorized)
            let earlier = try await request("/me", .get, at: "2026-03-26T10:30:00+08:00", token: carol)
            #expect(earlier.status == .unprocessableContent, "asking for a moment before the store's last event is refused")
            #expect(try APICoding.decoder().decode(ProblemBody.self, from: Data(buffer: earlier.body)).type == "/api/v1/problems/time-goes-backwards")
        }
    }
}
