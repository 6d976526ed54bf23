import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Starting a dossier: fields are typed and checked, roles are checked against the staff
/// directory and four-eyes, and the dossier opens its first task.
@Suite("Engine: starting a dossier")
struct EngineStartTests {
    // MARK: The started dossier

    @Test("a started loan dossier is in its initial state with task 1 open for A")
    func startedDossier() throws {
        let engine = try Loan.engine()
        let step = try Loan.start(engine)
        let dossier = step.dossier
        #expect(dossier.id == 7)
        #expect(dossier.workflowID == "loan-intake")
        #expect(dossier.workflowVersion == 1)
        #expect(dossier.stateID == "compiling")
        #expect(dossier.isFinished == false)
        #expect(dossier.fields == Loan.fields)
        #expect(dossier.assignments == ["a": "alice", "b": "bob", "archivist": "carol"])
        #expect(dossier.startedAt == at("2026-03-02T09:30"))
        #expect(dossier.startedBy == "alice")
        #expect(dossier.checklist.isEmpty)
        #expect(dossier.signOffs.isEmpty)
        #expect(dossier.taskCount == 1)
        #expect(dossier.revision == 1)
        #expect(step.closedTask == nil)
        #expect(step.effects == [])

        let task = try #require(dossier.openTask)
        #expect(task.number == 1)
        #expect(task.stateID == "compiling")
        #expect(task.roleID == "a")
        #expect(task.assignee == "alice")
        #expect(task.openedAt == at("2026-03-02T09:30"))
        // 3 working days from Monday 2026-03-02: due when Thursday 2026-03-05 ends.
        #expect(task.dueAt == at("2026-03-06T00:00"))
    }

    @Test("starting records a started event with roles and fields, then a task-opened event")
    func startEvents() throws {
        let engine = try Loan.engine()
        let step = try Loan.start(engine, actor: "gina")
        #expect(step.events.map(\.kind) == [.started, .taskOpened])

        let started = step.events[0]
        #expect(started.actor == "gina")
        #expect(started.at == at("2026-03-02T09:30"))
        #expect(started.fromState == nil)
        #expect(started.toState == "compiling")
        #expect(started.taskNumber == nil)
        #expect(started.details == [
            "role:a": "alice", "role:b": "bob", "role:archivist": "carol",
            "field:customer": "Hongda Trading Co.", "field:project": "Working-capital loan 2026-017",
            "field:ended-on": "2026-03-02",
        ])

        let opened = step.events[1]
        #expect(opened.actor == "gina")
        #expect(opened.at == at("2026-03-02T09:30"))
        #expect(opened.toState == "compiling")
        #expect(opened.taskNumber == 1)
        #expect(opened.details.filter { $0.key != "due" } == ["role": "a", "assignee": "alice", "calendar": "cn@0"])
        // The due moment is written as an ISO 8601 timestamp with its zone.
        #expect(opened.details["due"].flatMap { Timestamps.parse($0) } == at("2026-03-06T00:00"))
        #expect(step.dossier.startedBy == "gina")
    }

    // MARK: Fields

    @Test("required fields left out are listed in the workflow's order",
          arguments: [
              ([String](), ["customer", "project", "ended-on"]),
              (["customer"], ["project", "ended-on"]),
              (["customer", "project"], ["ended-on"]),
              (["project", "ended-on"], ["customer"]),
          ])
    func missingFields(given: [String], missing: [String]) throws {
        let engine = try Loan.engine()
        let fields = Loan.fields.filter { given.contains($0.key) }
        #expect(throws: Refusal.missingFields(missing)) { try Loan.start(engine, fields: fields) }
    }

    @Test("an empty or blank required field counts as missing", arguments: ["", "   "])
    func blankFieldIsMissing(value: String) throws {
        let engine = try Loan.engine()
        var fields = Loan.fields
        fields["project"] = value
        #expect(throws: Refusal.missingFields(["project"])) { try Loan.start(engine, fields: fields) }
    }

    @Test("a value that does not fit its field's type is refused, naming what was expected",
          arguments: [
              ("ended-on", "2026-02-30", "a date such as 2026-03-02"),
              ("ended-on", "02/03/2026", "a date such as 2026-03-02"),
              ("ended-on", "2026-3-2", "a date such as 2026-03-02"),
              ("ended-on", "yesterday", "a date such as 2026-03-02"),
              ("amount", "12,5", "a decimal number such as 1250.50"),
              ("amount", "1.2.3", "a decimal number such as 1250.50"),
              ("amount", "CNY 100", "a decimal number such as 1250.50"),
              ("level", "secret", "one of company, department, personal, sealed"),
              ("level", "Company", "one of company, department, personal, sealed"),
          ])
    func invalidField(field: String, value: String, expected: String) throws {
        let engine = try Loan.engine()
        var fields = Loan.fields
        fields[field] = value
        #expect(throws: Refusal.invalidField(field, value: value, expected: expected)) { try Loan.start(engine, fields: fields) }
    }

    @Test("field values are stored in canonical form")
    func canonicalFields() throws {
        let engine = try Loan.engine()
        var fields = Loan.fields
        fields["ended-on"] = " 2026-03-02 "
        fields["level"] = "company"
        fields["amount"] = " 1250.50 "
        let dossier = try Loan.start(engine, fields: fields).dossier
        #expect(dossier.fields["ended-on"] == "2026-03-02")
        #expect(dossier.fields["level"] == "company")
        #expect(dossier.fields["amount"] == "1250.50")
        #expect(dossier.fields.count == 5)
    }

    @Test("a number outside its field's range is refused with the range: by default 0 to 999999999999.99", arguments: [
        "-1250.50", "1000000000000", String(repeating: "9", count: 200),
    ])
    func outOfRange(_ amount: String) throws {
        let engine = try Loan.engine()
        var fields = Loan.fields
        fields["amount"] = amount
        #expect(throws: Refusal.invalidField("amount", value: amount, expected: "a decimal number from 0 to 999999999999.99")) {
            try Loan.start(engine, fields: fields)
        }
    }

    @Test("optional fields may be left out and are then absent")
    func optionalFieldsAbsent() throws {
        let dossier = try Loan.start(try Loan.engine()).dossier
        #expect(dossier.fields["level"] == nil)
        #expect(dossier.fields["amount"] == nil)
    }

    @Test("a field the workflow does not have is refused, with a suggestion when one is close",
          arguments: [
              ("colour", nil as String?),
              ("customer-name", "customer" as String?),
              ("end", "ended-on" as String?),
          ])
    func unknownField(field: String, suggestion: String?) throws {
        let engine = try Loan.engine()
        var fields = Loan.fields
        fields[field] = "x"
        #expect(throws: Refusal.unknownField(field, suggestion: suggestion,
                                             known: ["customer", "project", "ended-on", "level", "amount"])) {
            try Loan.start(engine, fields: fields)
        }
    }

    @Test("boolean fields accept yes/no forms and store true or false",
          arguments: [("yes", "true"), ("TRUE", "true"), ("1", "true"), ("no", "false"), ("0", "false"), ("False", "false")])
    func booleanField(given: String, stored: String) throws {
        let engine = try EngineFixtures.engine("borrow")
        let step = try engine.start(id: 1, fields: Borrow.fields.merging(["take-away": given]) { $1 },
                                    assignments: ["archivist": "carol"], actor: member("dan"), staff: testStaff, at: Loan.startTime)
        #expect(step.dossier.fields["take-away"] == stored)
    }

    @Test("a boolean field refuses anything else")
    func booleanFieldInvalid() throws {
        let engine = try EngineFixtures.engine("borrow")
        #expect(throws: Refusal.invalidField("take-away", value: "maybe", expected: "true or false")) {
            try engine.start(id: 1, fields: Borrow.fields.merging(["take-away": "maybe"]) { $1 },
                             assignments: ["archivist": "carol"], actor: member("dan"), staff: testStaff, at: Loan.startTime)
        }
    }

    @Test("fields are checked before roles")
    func fieldsBeforeRoles() throws {
        let engine = try Loan.engine()
        #expect(throws: Refusal.missingFields(["customer", "project", "ended-on"])) {
            try Loan.start(engine, fields: [:], roles: ["a": "zed", "b": "bob", "archivist": "carol"])
        }
    }

    @Test("missing fields and unassigned roles are named together, so one retry suffices")
    func everythingMissingAtOnce() throws {
        let engine = try Loan.engine()
        let expected = Refusal.incompleteStart(fields: ["customer", "project", "ended-on"], roles: ["b", "archivist"])
        #expect(throws: expected) { try Loan.start(engine, fields: [:], roles: ["a": "alice"]) }
        #expect(expected.description
                == "to start this workflow give --field customer=… --field project=… --field ended-on=… and --assign b=USER --assign archivist=USER")
    }

    // MARK: Roles

    @Test("a role the workflow does not have is refused, listing its roles")
    func unknownRole() throws {
        let engine = try Loan.engine()
        var roles = Loan.roles
        roles["reviewer"] = "dan"
        #expect(throws: Refusal.unknownRole("reviewer", known: ["a", "b", "archivist", "approver"])) {
            try Loan.start(engine, roles: roles)
        }
    }

    @Test("required roles left unassigned are listed",
          arguments: [
              (["a"], ["b", "archivist"]),
              (["a", "b"], ["archivist"]),
              (["a", "archivist"], ["b"]),
              ([String](), ["a", "b", "archivist"]),
          ])
    func unassignedRoles(given: [String], unassigned: [String]) throws {
        let engine = try Loan.engine()
        #expect(throws: Refusal.unassignedRoles(unassigned)) {
            try Loan.start(engine, roles: Loan.roles.filter { given.contains($0.key) })
        }
    }

    @Test("a person not in the staff directory cannot be assigned")
    func unknownStaff() throws {
        let engine = try Loan.engine()
        var roles = Loan.roles
        roles["b"] = "zed"
        #expect(throws: Refusal.unknownStaff("zed")) { try Loan.start(engine, roles: roles) }
    }

    @Test("a person who has left cannot be assigned")
    func departedStaff() throws {
        let engine = try Loan.engine()
        var roles = Loan.roles
        roles["b"] = "olga"
        #expect(throws: Refusal.departedStaff("olga")) { try Loan.start(engine, roles: roles) }
    }

    @Test("a person lacking every staff role the workflow role needs cannot hold it",
          arguments: [
              ("b", "carol", ["handler"]),
              ("a", "gina", ["handler"]),
              ("archivist", "dan", ["archivist"]),
              ("approver", "bob", ["gm", "deputy-gm", "chairman"]),
          ])
    func lacksStaffRole(role: String, person: String, needs: [String]) throws {
        let engine = try Loan.engine()
        var roles = Loan.roles
        roles[role] = person
        #expect(throws: Refusal.lacksStaffRole(person: person, role: role, needs: needs)) { try Loan.start(engine, roles: roles) }
    }

    @Test("four-eyes at start: A and B cannot be the same person")
    func fourEyesAtStart() throws {
        let engine = try Loan.engine()
        let refused = refusal { try Loan.start(engine, roles: ["a": "alice", "b": "alice", "archivist": "carol"]) }
        #expect(refused == .fourEyes(person: "alice", role: "b", otherRole: "a"))
        #expect(refused?.description == "four-eyes: alice cannot be both 'b' and 'a' in one dossier; assign another person")
    }

    @Test("four-eyes at start: the archivist cannot also be B")
    func fourEyesArchivistAndB() throws {
        let engine = try Loan.engine()
        #expect(throws: Refusal.fourEyes(person: "hank", role: "archivist", otherRole: "b")) {
            try Loan.start(engine, roles: ["a": "alice", "b": "hank", "archivist": "hank"])
        }
    }

    @Test("an optional role may be left out, or assigned")
    func optionalRole() throws {
        let engine = try Loan.engine()
        let without = try Loan.start(engine).dossier
        #expect(without.assignments["approver"] == nil)

        var roles = Loan.roles
        roles["approver"] = "gina"
        let with = try Loan.start(engine, roles: roles)
        #expect(with.dossier.assignments == ["a": "alice", "b": "bob", "archivist": "carol", "approver": "gina"])
        #expect(with.events[0].details["role:approver"] == "gina")
    }

    // MARK: Roles bound to the starter

    @Test("a starter-bound role goes to the person starting the dossier")
    func starterRole() throws {
        let engine = try EngineFixtures.engine("borrow")
        let step = try engine.start(id: 3, fields: Borrow.fields, assignments: ["archivist": "carol"], actor: member("dan"),
                                    staff: testStaff, at: Loan.startTime)
        let dossier = step.dossier
        #expect(dossier.assignments == ["borrower": "dan", "archivist": "carol"])
        #expect(dossier.stateID == "requested")
        #expect(dossier.startedBy == "dan")
        #expect(dossier.openTask?.number == 1)
        #expect(dossier.openTask?.roleID == "approver")
        #expect(dossier.openTask?.assignee == nil)
        #expect(dossier.openTask?.dueAt == nil)
        #expect(step.events.map(\.kind) == [.started, .taskOpened])
        #expect(step.events[0].details["role:borrower"] == "dan")
        #expect(step.events[1].details == ["role": "approver"])
    }

    @Test("the starter must be able to hold the starter-bound role",
          arguments: [
              ("carol", Refusal.lacksStaffRole(person: "carol", role: "borrower",
                                               needs: ["staff", "handler", "sales-consultant", "service-consultant", "department-manager",
                                                       "gm", "chairman", "deputy-gm", "marketing-director"])),
              ("olga", Refusal.departedStaff("olga")),
          ])
    func starterMustQualify(actor: String, expected: Refusal) throws {
        let engine = try EngineFixtures.engine("borrow")
        #expect(throws: expected) {
            try engine.start(id: 3, fields: Borrow.fields, assignments: ["archivist": "xena"], actor: member(actor),
                             staff: testStaff, at: Loan.startTime)
        }
    }

    @Test("a starter who is not in the staff directory cannot start a borrow")
    func starterNotInDirectory() throws {
        let engine = try EngineFixtures.engine("borrow")
        let stranger = StaffMember(id: "zed", name: "Zed", roles: ["staff"])
        #expect(throws: Refusal.unknownStaff("zed")) {
            try engine.start(id: 3, fields: Borrow.fields, assignments: ["archivist": "carol"], actor: stranger,
                             staff: testStaff, at: Loan.startTime)
        }
    }

    @Test("four-eyes holds for the starter-bound role too")
    func starterFourEyes() throws {
        let engine = try EngineFixtures.engine("borrow")
        #expect(throws: Refusal.fourEyes(person: "hank", role: "archivist", otherRole: "borrower")) {
            try engine.start(id: 3, fields: Borrow.fields, assignments: ["archivist": "hank"], actor: member("hank"),
                             staff: testStaff, at: Loan.startTime)
        }
    }

    @Test("a level-approver role cannot be assigned at start")
    func levelApproverNotAssignable() throws {
        let engine = try EngineFixtures.engine("borrow")
        #expect(throws: Refusal.roleNotAssignable("approver", binding: "level-approver")) {
            try engine.start(id: 3, fields: Borrow.fields, assignments: ["archivist": "carol", "approver": "gina"],
                             actor: member("dan"), staff: testStaff, at: Loan.startTime)
        }
    }

    @Test("a starter-bound role cannot be given to someone else at start")
    func starterRoleNotAssignable() throws {
        let engine = try EngineFixtures.engine("borrow")
        #expect(throws: Refusal.roleNotAssignable("borrower", binding: "starter")) {
            try engine.start(id: 3, fields: Borrow.fields, assignments: ["archivist": "carol", "borrower": "gina"],
                             actor: member("dan"), staff: testStaff, at: Loan.startTime)
        }
    }
}

/// The borrow workflow's start fields.
enum Borrow {
    static let fields = ["archive-number": "鸿借字第001号", "purpose": "Audit sample", "until": "2026-03-20", "department": "loans"]
}
