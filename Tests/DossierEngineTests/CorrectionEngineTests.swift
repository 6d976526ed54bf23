import DossierDefinition
import DossierEngine
import Foundation
import Testing

/// Corrections decided by the engine: how changes are written, what may change, and every
/// earlier version rebuilt from the log.
@Suite("Corrections")
struct CorrectionEngineTests {
    @Test("changes are field=value and pages:item=N, separated by semicolons or lines; a value keeps its spaces")
    func parse() throws {
        let changes = try CorrectionChange.parse("customer = Hongda Trading Co., Ltd. ;\npages:articles=7")
        #expect(changes == [CorrectionChange(target: .field("customer"), value: "Hongda Trading Co., Ltd."),
                            CorrectionChange(target: .pages(item: "articles"), value: "7")])
        #expect(refusal { try CorrectionChange.parse("customer") } == .malformedCorrection("customer"))
        #expect(refusal { try CorrectionChange.parse("a=1; a=2") } == .malformedCorrection("a is changed twice"))
        #expect(refusal { try CorrectionChange.parse(" ; ") } == .malformedCorrection(" ; "))
    }

    @Test("two corrections make versions 2 and 3; each earlier version is rebuilt exactly from the amended events")
    func versions() throws {
        let engine = try EngineFixtures.engine("loan-intake")
        let registered = try DisposalTests.filed(engine)
        var withPages = registered
        withPages.checklist["articles"] = ItemRecord(pages: 6, signatures: ["customer"], isMissing: false)
        let first = try engine.amend(withPages, archiveNumber: "鸿借字第001号", changes: try CorrectionChange.parse("customer=New Name; pages:articles=7"),
                                     correction: 8, reason: "licence", actor: member("gina"), at: at("2026-03-10T09:00"))
        let second = try engine.amend(first.dossier, archiveNumber: "鸿借字第001号", changes: try CorrectionChange.parse("customer=Newer Name"),
                                      correction: 9, reason: nil, actor: member("gina"), at: at("2026-03-11T09:00"))
        #expect(second.dossier.contentVersion == 3 && second.dossier.fields["customer"] == "Newer Name")
        let amendments = first.events + second.events
        #expect(first.events.first?.details["before:customer"] == "Hongda Trading Co." && first.events.first?.details["after:pages:articles"] == "7")
        let one = try #require(WorkflowEngine.version(1, of: second.dossier, amendments: amendments))
        #expect(one.fields == withPages.fields && one.checklist["articles"]?.pages == 6 && one.contentVersion == 1)
        let two = try #require(WorkflowEngine.version(2, of: second.dossier, amendments: amendments))
        #expect(two.fields["customer"] == "New Name" && two.checklist["articles"]?.pages == 7)
        #expect(WorkflowEngine.version(4, of: second.dossier, amendments: amendments) == nil)
        #expect(WorkflowEngine.version(0, of: second.dossier, amendments: amendments) == nil)
    }

    @Test("an original record, an unknown field or item, a wrong value and a running dossier are each refused, all at once")
    func refusals() throws {
        let engine = try EngineFixtures.engine("loan-intake")
        var dossier = try DisposalTests.filed(engine)
        dossier.isFinished = false
        let changes = try CorrectionChange.parse("pages:loan-contract=9; nickname=x; pages:nothing=1; ended-on=soon")
        guard case .correctionRefused(let number, let problems)? = refusal({
            try engine.amend(dossier, archiveNumber: "鸿借字第001号", changes: changes, correction: 1, reason: nil, actor: member("gina"), at: at("2026-03-10T09:00"))
        }) else {
            Issue.record("not refused")
            return
        }
        #expect(number == "鸿借字第001号")
        #expect(problems.count == 5, "\(problems)")
        #expect(problems.contains("Loan contract (借款合同) (loan-contract) is an original record, which no correction changes"))
        #expect(problems.first?.hasPrefix("鸿借字第001号 is still running") == true)
    }
}
