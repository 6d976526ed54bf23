/// How long a workflow's registered dossiers are kept (`<retention years="…" from="…"/>`):
/// `years` calendar years from the day they were registered, or from a date field.
public struct Retention: Sendable, Hashable {
    /// Where the years are counted from.
    public enum Start: Sendable, Hashable {
        /// The day the dossier got its archive number.
        case registered
        /// The date in this field (a project's end, a tenant's moving out).
        case field(String)
    }

    /// Calendar years kept.
    public var years: Int
    /// Where they are counted from.
    public var start: Start

    /// A retention of `years` calendar years counted from `start`.
    public init(years: Int, start: Start) {
        self.years = years
        self.start = start
    }
}

/// The registered dossiers a dossier of this workflow acts on (`<acts-on field="…"/>`): the
/// archive numbers written in one of its text fields, one or several separated by spaces. A
/// transition's `dispose` effect destroys them; its `amend` effect corrects the one it names
/// with the changes written in `changes-field`; its `transfer-custody` effect hands them to the
/// holder of `custodian-role`, in the department `department-field` names.
public struct ActsOn: Sendable, Hashable {
    /// The field holding the archive numbers.
    public var fieldID: String
    /// The field holding how they are destroyed (shred, tear), when there is one.
    public var methodFieldID: String?
    /// The field holding the changes a correction makes (`field=value; pages:item=N`).
    public var changesFieldID: String?
    /// The role of this workflow whose holder becomes the custodian of the dossiers it moves.
    public var custodianRoleID: String?
    /// The field holding the department they move to, when there is one.
    public var departmentFieldID: String?
    /// The confidentiality levels each destruction method may destroy, by method
    /// (`<method value="tear" levels="company"/>`); a method not listed destroys any level.
    public var methodLevels: [String: [String]] = [:]
    /// The methods the method field offers, in its order.
    public var methods: [String] = []

    /// What `<acts-on>` says: the fields and the role its effects read.
    public init(fieldID: String, methodFieldID: String?, changesFieldID: String? = nil, custodianRoleID: String? = nil,
                departmentFieldID: String? = nil) {
        self.fieldID = fieldID
        self.methodFieldID = methodFieldID
        self.changesFieldID = changesFieldID
        self.custodianRoleID = custodianRoleID
        self.departmentFieldID = departmentFieldID
    }

    /// Why `method` may not destroy a dossier numbered `archiveNumber` of level `levelID` (`nil`
    /// when its workflow keeps no levels): a sentence naming the methods that may; `nil` when
    /// it may.
    public func methodObstacle(_ method: String, archiveNumber: String, levelID: String?) -> String? {
        guard let levels = methodLevels[method], !levels.contains(levelID ?? "") else { return nil }
        let fitting = methods.filter { $0 != method && methodLevels[$0]?.contains(levelID ?? "") != false }
        let level = levelID.map { "\($0)-level" } ?? "of no confidentiality level"
        return "\(archiveNumber) is \(level): \(method) destroys only \(levels.joined(separator: ", "))-level papers"
            + (fitting.isEmpty ? "" : "; use \(fitting.joined(separator: " or "))")
    }

    /// The archive numbers `fields` name, in order, each once.
    public func archiveNumbers(in fields: [String: String]) -> [String] {
        var numbers: [String] = []
        for number in (fields[fieldID] ?? "").split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" }).map(String.init)
        where !numbers.contains(number) {
            numbers.append(number)
        }
        return numbers
    }
}
