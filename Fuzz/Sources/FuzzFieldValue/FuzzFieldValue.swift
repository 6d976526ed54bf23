import DossierDefinition
import DossierEngine
import Foundation
import FuzzSupport

/// Field values by type, as `start --field ID=VALUE` gives them, and moments as `--at` gives
/// them. Promises: nothing crashes; a value is either refused with a sentence naming the field
/// or stored in a canonical form that is accepted again unchanged, inside the field's range; a
/// moment `--at` accepts is printed (ISO 8601) as text that reads back as the same moment.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFieldValue(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let field = input.pick(["words", "day", "moment", "count", "money", "flag", "level"])
    let value = input.text(upTo: 300)
    let at = input.text(upTo: 80)

    let clerk = StaffMember(id: "hank", name: "Hank", roles: ["handler"])
    func started(_ text: String) -> Result<String, Refusal> {
        do {
            let step = try Engines.fields.start(id: 1, fields: [field: text], assignments: ["clerk": "hank"], actor: clerk,
                                                staff: ["hank": clerk], at: Engines.now)
            guard let stored = step.dossier.fields[field] else { Fuzzing.fail("field \(field)=\(text) was accepted but not stored") }
            return .success(stored)
        } catch {
            return .failure(error)
        }
    }
    switch started(value) {
    case .success(let canonical):
        guard case .success(let again) = started(canonical) else { Fuzzing.fail("\(field): canonical \(canonical) of \(value) is refused") }
        Fuzzing.expect(again == canonical, "\(field): \(canonical) becomes \(again) when given again")
        if field == "count" || field == "money" {
            guard let number = Decimal(string: canonical) else { Fuzzing.fail("\(field): stored \(canonical) is not a number") }
            Fuzzing.expect(number >= -100 && number <= 1_000_000, "\(field): \(canonical) is outside -100…1000000")
        }
    case .failure(let refusal):
        Fuzzing.expect(refusal.description.contains(field), "the refusal of \(field)=\(value) does not name the field: \(refusal)")
    }

    if let moment = Engines.localTime.parse(at) {
        let printed = Engines.localTime.iso(moment)
        Fuzzing.expect(Engines.localTime.parse(printed) == moment, "--at \(at) is \(printed), which reads back as another moment")
    }
    return 0
}

/// The workflow with one field of each type, compiled once.
enum Engines {
    static let now = Date(timeIntervalSince1970: 1_772_415_000)
    static let localTime = LocalTime(Shipped.zone)
    static let fields: WorkflowEngine = {
        let text = """
            <workflow xmlns="urn:dossier:workflow:1" id="fuzz-fields">
              <roles><role id="clerk" staff-role="handler"/></roles>
              <fields>
                <field id="words" type="text" required="false"/>
                <field id="day" type="date" required="false"/>
                <field id="moment" type="datetime" required="false"/>
                <field id="count" type="integer" required="false" min="-100" max="1000000"/>
                <field id="money" type="decimal" required="false" min="-100" max="1000000"/>
                <field id="flag" type="boolean" required="false"/>
                <field id="level" type="choice" values="company department personal sealed" required="false"/>
              </fields>
              <states initial="doing">
                <state id="doing" role="clerk"><transition action="done" to="done"/></state>
                <state id="done" final="true"/>
              </states>
            </workflow>
            """
        guard let definition = Shipped.workflow(text).definition else { Fuzzing.fail("the fields workflow does not compile: \(Shipped.workflow(text).diagnostics)") }
        return Shipped.engine(definition)
    }()
}
