import DossierDefinition
import DossierXML
import Foundation
import Testing

/// The compiler through its public API: what a valid workflow compiles to, and warnings that
/// do not stop compilation.
@Suite("Workflow compiler")
struct WorkflowCompilerTests {
    static func compile(_ text: String, calendars: Set<String> = ["cn"]) throws -> WorkflowCompiler.Result {
        let tree = try #require(XMLTree.parse(Array(text.utf8), file: "w.xml").tree)
        return WorkflowCompiler(knownCalendars: calendars).compile(tree)
    }

    static let minimal = """
        <workflow xmlns="urn:dossier:workflow:1" id="mini" title="Mini" calendar="cn">
          <roles>
            <role id="a" staff-role="handler"/>
            <role id="b" staff-role="handler reviewer" distinct-from="a"/>
          </roles>
          <fields><field id="ended-on" type="date"/></fields>
          <states initial="compiling">
            <state id="compiling" role="a">
              <deadline within="3" unit="working-days" from="field:ended-on" fine="late" extend-by="b"/>
              <transition action="hand-over" to="reviewing"/>
            </state>
            <state id="reviewing" role="b">
              <transition action="accept" to="done" sign-off="a b"/>
              <transition action="return" to="compiling" note="required"/>
            </state>
            <state id="done" final="true"/>
          </states>
          <fines>
            <fine id="late" amount="50" payer="a">
              <escalate from-nth="2" within="calendar-month" factor="2"/>
              <repeat every="1" unit="working-days" until="corrected"/>
            </fine>
            <fine id="unused" amount="12.50" payer="b"/>
          </fines>
        </workflow>
        """

    @Test("a valid workflow compiles to the definition it describes")
    func compilesDefinition() throws {
        let result = try Self.compile(Self.minimal)
        let definition = try #require(result.definition)
        #expect(definition.id == "mini")
        #expect(definition.calendarID == "cn")
        #expect(definition.roles.map(\.id) == ["a", "b"])
        #expect(definition.role("b")?.staffRoles == ["handler", "reviewer"])
        #expect(definition.role("b")?.distinctFrom == ["a"])
        #expect(definition.initialStateID == "compiling")
        let compiling = try #require(definition.state("compiling"))
        #expect(compiling.deadline?.period == Period(3, .workingDays))
        #expect(compiling.deadline?.origin == .field("ended-on"))
        #expect(compiling.deadline?.extendableBy == ["b"])
        #expect(definition.state("reviewing")?.transition("accept")?.signOffRoleIDs == ["a", "b"])
        #expect(definition.state("reviewing")?.transition("return")?.requiresNote == true)
        #expect(definition.state("done")?.isFinal == true)
        let late = try #require(definition.fine("late"))
        #expect(late.amount == Decimal(50))
        #expect(late.escalation?.fromNth == 2)
        #expect(late.escalation?.factor == Decimal(2))
        #expect(late.repetition?.grace == Period(1, .workingDays))
        #expect(definition.fine("unused")?.amount == Decimal(string: "12.50"))
    }

    @Test("a fine for a missed deadline that nothing names is a warning, not an error")
    func unusedFineWarns() throws {
        let result = try Self.compile(Self.minimal)
        #expect(result.definition != nil)
        #expect(result.diagnostics.map(\.description) == [
            "w.xml:23:11: warning: fine 'unused' is for a missed deadline but no deadline or timer names it, so it is never assessed",
        ])
    }

    @Test("a timer compiles to its window, condition and record; after= still reads as within=, with a warning")
    func timers() throws {
        let text = Self.minimal.replacingOccurrences(of: "</workflow>", with: """
              <timers>
                <timer id="call-30" not-before="4" within="30" unit="calendar-days" from="field:ended-on" role="a" when="field:ended-on=2026-03-02"
                       record="channel outcome" fine="unused" title="The 30-day call"/>
                <timer id="call-3" after="3" unit="calendar-days" role="a"/>
              </timers>
            </workflow>
            """)
        let result = try Self.compile(text)
        let definition = try #require(result.definition, "\(result.diagnostics)")
        let call = try #require(definition.timer("call-30"))
        #expect(call.within == Period(30, .calendarDays))
        #expect(call.notBefore == Period(4, .calendarDays))
        #expect(call.origin == .field("ended-on"))
        #expect(call.condition == FollowUpTimer.Condition(field: "ended-on", value: "2026-03-02"))
        #expect(call.recordValues == ["channel", "outcome"])
        #expect(call.fineID == "unused")
        #expect(call.title == "The 30-day call")
        let older = try #require(definition.timer("call-3"))
        #expect(older.within == Period(3, .calendarDays))
        #expect(older.notBefore == nil)
        #expect(older.origin == .instanceStarted)
        #expect(result.diagnostics.map(\.description).contains { $0.contains("warning: after= is the older spelling of within=") })
    }

    @Test("an unknown calendar is an error only when the known calendars are given")
    func calendarsChecked() throws {
        #expect(try Self.compile(Self.minimal, calendars: ["weekdays"]).definition == nil)
        let tree = try #require(XMLTree.parse(Array(Self.minimal.utf8), file: "w.xml").tree)
        #expect(WorkflowCompiler(knownCalendars: nil).compile(tree).definition != nil)
    }

    @Test("archive-number patterns format, pad and refuse to overflow")
    func archiveNumbers() throws {
        let text = Self.minimal.replacingOccurrences(of: "<states", with: "<archive-number pattern=\"{yyyy}-{mm}-{seq:3}\" sequence-per=\"month\" contract-suffix=\"-{n:2}\"/>\n  <states")
        let pattern = try #require(try Self.compile(text).definition?.archiveNumber)
        #expect(pattern.format(sequence: 7, year: 2026, month: 3) == "2026-03-007")
        #expect(pattern.format(sequence: 999, year: 2026, month: 3) == "2026-03-999")
        #expect(pattern.format(sequence: 1000, year: 2026, month: 3) == nil)
        #expect(pattern.scopeKey(year: 2026, month: 3) != pattern.scopeKey(year: 2026, month: 4))
        #expect(pattern.contractSuffix?.number(3, after: "GY-SH-001") == "GY-SH-001-03")
        #expect(pattern.length == 11)
    }

    @Test("every shipped workflow, calendar and the list of staff roles compile without a diagnostic")
    func shippedDefinitions() throws {
        let folder = Fixtures.workflows.path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".xml") }
        let calendars = try FileManager.default.contentsOfDirectory(atPath: folder + "/calendars").filter { $0.hasSuffix(".xml") }
        #expect(names.count == 19)
        let files = try Fixtures.load(names.map { folder + "/" + $0 } + calendars.map { folder + "/calendars/" + $0 })
        for file in files {
            #expect(file.diagnostics.isEmpty, "\(file.file): \(file.diagnostics)")
            #expect(file.content != nil)
        }
    }

    @Test("a catalogue of another workflow is checked against that workflow's states when both are loaded, or the deployed one; missing, it is a warning when validating and an error when deploying")
    func catalogueOfAnotherWorkflow() throws {
        let refiling = try String(contentsOf: Fixtures.workflows.appendingPathComponent("yearly-refiling.xml"), encoding: .utf8)
        let tenants = try String(contentsOf: Fixtures.workflows.appendingPathComponent("tenant-file.xml"), encoding: .utf8)
        let loader = DefinitionLoader(schemas: try Fixtures.schemas())
        let together = loader.load(sources: [("yearly-refiling.xml", refiling), ("tenant-file.xml", tenants)], extraCalendars: ["cn"])
        #expect(together.allSatisfy { $0.diagnostics.isEmpty && $0.content != nil }, "\(together.map(\.diagnostics))")

        let renamed = tenants.replacingOccurrences(of: "\"moved-out\"", with: "\"departed\"")
        let mismatched = loader.load(sources: [("yearly-refiling.xml", refiling), ("tenant-file.xml", renamed)], extraCalendars: ["cn"])
        #expect(mismatched[0].content == nil, "\(mismatched[0].diagnostics)")
        #expect(mismatched[0].diagnostics.map(\.description).contains { $0.hasPrefix("yearly-refiling.xml:") && $0.hasSuffix(
            "error: state=\"moved-out\" is not a state of workflow tenant-file; the states are: compiling, departed, filing, in-residence") }, "\(mismatched[0].diagnostics)")

        let alone = loader.load(sources: [("yearly-refiling.xml", refiling)], extraCalendars: ["cn"])
        #expect(alone[0].content != nil)
        #expect(alone[0].diagnostics.map(\.description) == [
            "yearly-refiling.xml:35:14: warning: of=\"tenant-file\" names a workflow that is not among these files; its states are checked when both are checked or deployed together",
        ])
        let deploying = loader.load(sources: [("yearly-refiling.xml", refiling)], extraCalendars: ["cn"], deployed: { _ in nil })
        #expect(deploying[0].content == nil)
        #expect(deploying[0].diagnostics.map(\.description).first?.hasSuffix("is not deployed; deploy its file with this one") == true)
        let tenantFile = loader.load(sources: [("tenant-file.xml", tenants)], extraCalendars: ["cn"]).first?.content
        guard case .workflow(let tenantWorkflow)? = tenantFile else { Issue.record("tenant-file.xml did not compile"); return }
        let deployed = loader.load(sources: [("yearly-refiling.xml", refiling)], extraCalendars: ["cn"],
                                   deployed: { $0 == "tenant-file" ? tenantWorkflow : nil })
        #expect(deployed[0].content != nil && deployed[0].diagnostics.isEmpty)
    }

    @Test("a fine's restore= is checked against the workflow it names: among the files, or deployed; without a role bound fined it is an error")
    func restoreNamesARestoration() throws {
        let borrow = try String(contentsOf: Fixtures.workflows.appendingPathComponent("borrow.xml"), encoding: .utf8)
        let restoration = try String(contentsOf: Fixtures.workflows.appendingPathComponent("restoration.xml"), encoding: .utf8)
        let loader = DefinitionLoader(schemas: try Fixtures.schemas())
        let together = loader.load(sources: [("borrow.xml", borrow), ("restoration.xml", restoration)], extraCalendars: ["cn"])
        #expect(together.allSatisfy { $0.diagnostics.isEmpty && $0.content != nil }, "\(together.map(\.diagnostics))")
        guard case .workflow(let borrowing)? = together[0].content, case .workflow(let restoring)? = together[1].content else { return }
        let lost = try #require(borrowing.fine("lost-or-damaged"))
        #expect(lost.isRecorded && lost.range == 50...500 && lost.restoreWorkflowID == "restoration" && lost.amount == 50)
        #expect(borrowing.fine("account-shared")?.recordedBy == ["approver", "archivist"])
        #expect(borrowing.assessedFine(on: .lostItem)?.id == "lost-item", "the fine the return assesses, not the one recorded by hand")

        let unbound = restoration.replacingOccurrences(of: "bound=\"fined\"", with: "bound=\"at-start\"")
        let mismatched = loader.load(sources: [("borrow.xml", borrow), ("restoration.xml", unbound)], extraCalendars: ["cn"])
        #expect(mismatched[0].content == nil)
        #expect(mismatched[0].diagnostics.map(\.description).contains { $0.hasSuffix(
            "error: restore=\"restoration\" names a workflow with no role bound=\"fined\", so it has nobody to restore what was lost; give one of its roles bound=\"fined\"") },
                "\(mismatched[0].diagnostics)")

        let alone = loader.load(sources: [("borrow.xml", borrow)], extraCalendars: ["cn"])
        #expect(alone[0].content != nil)
        #expect(alone[0].diagnostics.map(\.description).first?.hasSuffix("names a workflow that is not among these files; it is checked when both are checked or deployed together") == true)
        let deploying = loader.load(sources: [("borrow.xml", borrow)], extraCalendars: ["cn"], deployed: { $0 == "restoration" ? restoring : nil })
        #expect(deploying[0].content != nil && deploying[0].diagnostics.isEmpty, "\(deploying[0].diagnostics)")
        let missing = loader.load(sources: [("borrow.xml", borrow)], extraCalendars: ["cn"], deployed: { _ in nil })
        #expect(missing[0].content == nil)
    }

    @Test("calendar dates: weekdays and day arithmetic", arguments: [
        ("2024-02-29", Weekday.thursday), ("2026-11-23", .monday), ("2000-01-01", .saturday), ("1970-01-01", .thursday),
    ])
    func calendarDates(text: String, weekday: Weekday) throws {
        let date = try #require(CalendarDate(iso: text))
        #expect(date.weekday == weekday)
        #expect(CalendarDate(dayNumber: date.dayNumber) == date)
        #expect(date.adding(days: 1).adding(days: -1) == date)
        #expect(date.description == text)
    }
}
