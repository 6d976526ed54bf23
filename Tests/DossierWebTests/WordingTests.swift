import DossierEngine
import DossierOffice
import DossierStore
import DossierWeb
import Foundation
import Testing

/// Refusals as the pages word them: the Chinese sentence tells the same facts as the English
/// one and never a command to type; the English one is the sentence the CLI and API give.
@Suite("Wording of refusals")
struct WordingTests {
    /// One refusal, both its sentences, its English description, and the facts its Chinese
    /// sentence must name.
    struct Example: Sendable, CustomTestStringConvertible {
        let name: String
        let chinese: String
        let english: String
        let description: String
        let facts: [String]

        var testDescription: String { name }

        init(_ refusal: Refusal, facts: [String]) {
            self.init(name: "Refusal.\(refusal)", chinese: refusal.sentence(in: .chinese), english: refusal.sentence(in: .english),
                      description: refusal.description, facts: facts)
        }

        init(_ error: OfficeError, facts: [String]) {
            self.init(name: "OfficeError.\(error)", chinese: error.sentence(in: .chinese), english: error.sentence(in: .english),
                      description: error.description, facts: facts)
        }

        init(_ error: StoreError, facts: [String]) {
            self.init(name: "StoreError.\(error)", chinese: error.sentence(in: .chinese), english: error.sentence(in: .english),
                      description: error.description, facts: facts)
        }

        private init(name: String, chinese: String, english: String, description: String, facts: [String]) {
            self.name = name
            self.chinese = chinese
            self.english = english
            self.description = description
            self.facts = facts
        }
    }

    /// 2026-03-02 09:30 in Shanghai.
    static let morning = Date(timeIntervalSince1970: 1_772_415_000)

    static let examples: [Example] = [
        Example(.guardsUnmet(action: "hand-to-b", missing: ["item 'contract' is not recorded yet", "item 'id-copy' lacks the customer's signature"]),
                facts: ["hand-to-b", "item 'contract' is not recorded yet", "item 'id-copy' lacks the customer's signature"]),
        Example(.notYourTask(person: "lin", action: "review", roles: ["b", "archivist"], holders: ["dora", "carol"]),
                facts: ["lin", "review", "b（dora）", "archivist（carol）"]),
        Example(.fourEyes(person: "lin", role: "a", otherRole: "b"), facts: ["lin", "“a”", "“b”"]),
        Example(.awaitingSignOff(action: "register", waiting: ["b (dora)", "archivist (carol)"]), facts: ["register", "b (dora)、archivist (carol)"]),
        Example(.noteRequired(action: "return-to-a"), facts: ["return-to-a", "备注"]),
        Example(.notAnApprover(person: "lin", level: "company-level", approvers: ["gm", "chairman"]),
                facts: ["lin", "company-level", "gm", "chairman", "出借单"]),
        Example(.loanTooLong(until: "2026-04-30", latest: "2026-03-31", maximum: "30 days"), facts: ["2026-04-30", "2026-03-31", "30 days"]),
        Example(.alreadyLent(archiveNumber: "GY-SH-001", loan: 7, borrower: "lin", due: "2026-03-20"), facts: ["GY-SH-001", "7", "lin", "2026-03-20"]),
        Example(.unknownStaff("zed"), facts: ["zed"]),
        Example(.missingFields(["customer", "amount"]), facts: ["customer、amount"]),
        Example(.sameDayReturn(items: ["survey-form", "call-sheet"], today: "2026-03-02", until: "2026-03-05"),
                facts: ["survey-form、call-sheet", "2026-03-02", "2026-03-05"]),
        Example(.takenByCommand(action: "backed-up", command: "dossier backup --to FILE"), facts: ["backed-up", "数据备份"]),
        Example(OfficeError.notPermitted(person: "lin", what: "deploy workflows", needs: ["administrator"]),
                facts: ["lin", "deploy workflows", "administrator"]),
        Example(OfficeError.mayNotRead(person: "lin", dossier: 12, reason: "a company-level dossier needs the marketing director's approval"),
                facts: ["lin", "12", "a company-level dossier needs the marketing director's approval"]),
        Example(OfficeError.noTask(5), facts: ["5"]),
        Example(OfficeError.lockedOut(user: "lin", until: morning), facts: ["lin", "2026年3月2日 09:30"]),
        Example(OfficeError.refused("the register is closed for the night"), facts: ["操作被拒绝：the register is closed for the night"]),
        Example(StoreError.conflict("dossier 12"), facts: ["dossier 12", "刷新页面"]),
        Example(StoreError.missing(path: "/srv/dossier/store.sqlite"), facts: ["/srv/dossier/store.sqlite"]),
    ]

    @Test("the Chinese sentence is Chinese, names every fact, and names no command or option", arguments: examples)
    func chinese(_ example: Example) {
        #expect(example.chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        for fact in example.facts {
            #expect(example.chinese.contains(fact), "missing \(fact) in \(example.chinese)")
        }
        #expect(!example.chinese.contains("--"))
        #expect(!example.chinese.contains("`"))
        #expect(!example.chinese.contains("dossier backup"))
    }

    @Test("the English sentence is the description, or, where that names a command, says what to do without one", arguments: examples)
    func english(_ example: Example) {
        // A lost race is told to reload the page rather than rerun a command.
        if example.description.contains("`dossier") || example.description.contains("rerun") {
            #expect(!example.english.contains("`") && !example.english.contains("--"), "\(example.english)")
            #expect(example.facts.filter { $0.allSatisfy(\.isASCII) }.allSatisfy { example.english.contains($0) }, "\(example.english)")
        } else {
            #expect(example.english == example.description)
        }
    }

    @Test("a known error is worded by its kind; an unknown one as a failure without details")
    func dispatch() {
        struct Unexpected: Error {}
        let refusal = Refusal.fourEyes(person: "lin", role: "a", otherRole: "b")
        #expect(Wording.sentence(refusal, in: .chinese) == refusal.sentence(in: .chinese))
        #expect(Wording.sentence(StoreError.conflict("loan 7"), in: .english) == StoreError.conflict("loan 7").sentence(in: .english))
        #expect(Wording.sentence(OfficeError.noDossier(3), in: .chinese) == OfficeError.noDossier(3).sentence(in: .chinese))
        #expect(Wording.sentence(Unexpected(), in: .chinese).contains("服务日志"))
    }

    @Test("an approval that is not a slip names the workflow it is for")
    func approvalSubject() {
        let sentence = Refusal.notAnApprover(person: "lin", level: "company-level", approvers: ["gm"], subject: "read-request").sentence(in: .chinese)
        #expect(sentence.contains("read-request 申请") && !sentence.contains("出借单"))
    }
}
