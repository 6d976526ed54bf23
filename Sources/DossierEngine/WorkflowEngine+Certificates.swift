import DossierDefinition
import Foundation

/// Title certificates (重要权证): put on a draft hand-over list by any of the signing roles,
/// signed by every one of them, then kept in the safe under the dossier's number.
///
/// Certificates often arrive after the dossier itself (an other-rights certificate weeks after
/// the mortgage is registered), so lists can be made while the dossier runs and after it is
/// registered. Each change of a draft clears its signatures: everyone signs the final list.
extension WorkflowEngine {
    /// Puts certificate `number` of `kind` on the dossier's draft list (opening one if needed).
    public func addCertificate(_ dossier: Dossier, kind kindID: String, number: String, quantity: Int,
                               actor: StaffMember, at time: Date) throws(Refusal) -> Step {
        let rules = try certificateRules(actor: actor, in: dossier, doing: "put certificates on the hand-over list")
        guard let kind = rules.kinds.first(where: { $0.id == kindID }) else {
            let known = rules.kinds.map(\.id)
            throw .unknownCertificateKind(kindID, suggestion: known.first { $0.hasPrefix(kindID) || kindID.hasPrefix($0) }, known: known)
        }
        let number = number.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !number.isEmpty else { throw .invalidField("--number", value: number, expected: "the certificate's number as printed on it") }
        guard quantity >= 1 else { throw .invalidField("--quantity", value: String(quantity), expected: "a quantity of 1 or more") }
        if let list = dossier.certificateLists.first(where: { $0.entries.contains { $0.kind == kind.id && $0.number == number } }) {
            throw .duplicateCertificate(kind: kind.id, number: number, list: list.number)
        }
        var next = dossier
        var draft = next.draftCertificateList ?? CertificateList(number: dossier.certificateLists.count + 1)
        let cleared = draft.signatures
        draft.entries.append(.init(kind: kind.id, number: number, quantity: quantity, addedBy: actor.id))
        draft.signatures = [:]
        next.storeDraft(draft)
        next.revision += 1
        var details = ["list": String(draft.number), "kind": kind.id, "number": number, "quantity": String(quantity)]
        if !cleared.isEmpty { details["signatures-cleared"] = cleared.keys.sorted().joined(separator: " ") }
        let event = DossierEvent(kind: .certificateAdded, actor: actor.id, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                 taskNumber: dossier.openTask?.number, details: details)
        return try assessed(Step(dossier: next, events: [event], closedTask: nil, effects: []), from: dossier, at: time)
    }

    /// Takes certificate `number` off the draft list, e.g. one added by mistake.
    public func removeCertificate(_ dossier: Dossier, number: String, actor: StaffMember, at time: Date) throws(Refusal) -> Step {
        _ = try certificateRules(actor: actor, in: dossier, doing: "change the certificate hand-over list")
        guard var draft = dossier.draftCertificateList, let index = draft.entries.firstIndex(where: { $0.number == number }) else {
            throw .certificateNotOnDraft(number: number, draft: dossier.draftCertificateList?.number)
        }
        let removed = draft.entries.remove(at: index)
        let cleared = draft.signatures
        draft.signatures = [:]
        var next = dossier
        next.storeDraft(draft)
        next.revision += 1
        var details = ["list": String(draft.number), "kind": removed.kind, "number": removed.number]
        if !cleared.isEmpty { details["signatures-cleared"] = cleared.keys.sorted().joined(separator: " ") }
        let event = DossierEvent(kind: .certificateRemoved, actor: actor.id, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                 taskNumber: dossier.openTask?.number, details: details)
        return try assessed(Step(dossier: next, events: [event], closedTask: nil, effects: []), from: dossier, at: time)
    }

    /// Signs the draft list for every signing role `actor` holds and has not signed yet; the last
    /// signature hands the certificates over to the keeper's safe.
    public func signCertificates(_ dossier: Dossier, actor: StaffMember, at time: Date) throws(Refusal) -> Step {
        let rules = try certificateRules(actor: actor, in: dossier, doing: "sign the certificate hand-over list")
        guard var draft = dossier.draftCertificateList, !draft.entries.isEmpty else { throw .noDraftCertificateList(dossier: dossier.id) }
        let mine = rules.signedBy.filter { dossier.assignments[$0] == actor.id }
        // A person signs a list once, whatever roles they hold (four-eyes).
        if let role = draft.signatures.first(where: { $0.value == actor.id })?.key {
            throw .alreadySigned(person: actor.id, action: "certificate list \(draft.number)", role: role)
        }
        guard let role = mine.first(where: { draft.signatures[$0] == nil }) else {
            throw .notYourTask(person: actor.id, action: "sign the certificate hand-over list", roles: rules.signedBy,
                               holders: rules.signedBy.map { dossier.assignments[$0] ?? "nobody" })
        }
        draft.signatures[role] = actor.id
        var events = [DossierEvent(kind: .certificatesSigned, actor: actor.id, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                   taskNumber: dossier.openTask?.number, details: ["list": String(draft.number), "role": role])]
        if rules.signedBy.allSatisfy({ draft.signatures[$0] != nil }) {
            draft.handedOverAt = time
            draft.keeper = dossier.assignments[rules.keeper]
            let count = draft.entries.reduce(0) { $0 + $1.quantity }
            events.append(DossierEvent(kind: .certificatesHandedOver, actor: actor.id, at: time, fromState: dossier.stateID,
                                       toState: dossier.stateID, taskNumber: dossier.openTask?.number,
                                       details: ["list": String(draft.number), "keeper": draft.keeper ?? "", "certificates": String(count)]))
        }
        var next = dossier
        next.storeDraft(draft)
        next.revision += 1
        return try assessed(Step(dossier: next, events: events, closedTask: nil, effects: []), from: dossier, at: time)
    }

    /// The roles still to sign the draft list, with who holds them; empty when nothing waits.
    public func certificateSignaturesAwaited(_ dossier: Dossier) -> [String] {
        guard let rules = definition.certificates, let draft = dossier.draftCertificateList, !draft.entries.isEmpty else { return [] }
        return rules.signedBy.filter { draft.signatures[$0] == nil }.map { "\($0) (\(dossier.assignments[$0] ?? "nobody"))" }
    }

    private func certificateRules(actor: StaffMember, in dossier: Dossier, doing work: String) throws(Refusal) -> CertificateRules {
        guard let rules = definition.certificates else { throw .noCertificates(workflow: definition.id) }
        guard rules.signedBy.contains(where: { dossier.assignments[$0] == actor.id }) else {
            throw .notYourTask(person: actor.id, action: work, roles: rules.signedBy, holders: rules.signedBy.map { dossier.assignments[$0] ?? "nobody" })
        }
        return rules
    }
}

extension Dossier {
    /// The list still waiting for signatures, if any.
    public var draftCertificateList: CertificateList? {
        certificateLists.last.flatMap { $0.isHandedOver ? nil : $0 }
    }

    /// Replaces the draft list, or appends it as a new one.
    mutating func storeDraft(_ list: CertificateList) {
        if let index = certificateLists.firstIndex(where: { $0.number == list.number }) {
            certificateLists[index] = list
        } else {
            certificateLists.append(list)
        }
    }
}

extension WorkflowEngine {
    /// Hands the certificates of `dossier` in the safe (every list, or list `list`) to keeper
    /// `person`, who must qualify for the workflow's keeper role: a keeper leaving, or a new
    /// archivist. The log names both keepers.
    public func handCertificates(_ dossier: Dossier, list: Int?, to person: String, actor: StaffMember, staff: [String: StaffMember],
                                 at time: Date) throws(Refusal) -> Step {
        guard let rules = definition.certificates else { throw .noCertificates(workflow: definition.id) }
        if let role = definition.role(rules.keeper) { try checkCanHold(role, person: person, staff: staff) }
        var next = dossier
        var moved: [String] = []
        var from: Set<String> = []
        for index in next.certificateLists.indices where next.certificateLists[index].isInSafe && (list == nil || next.certificateLists[index].number == list) {
            if let keeper = next.certificateLists[index].keeper { from.insert(keeper) }
            next.certificateLists[index].keeper = person
            moved.append(String(next.certificateLists[index].number))
        }
        guard !moved.isEmpty else { throw .noCertificatesInSafe(dossier: dossier.id, list: list) }
        next.revision += 1
        let event = DossierEvent(kind: .certificatesRekept, actor: actor.id, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                 details: ["lists": moved.joined(separator: " "), "from": from.sorted().joined(separator: " "), "to": person])
        return Step(dossier: next, events: [event], closedTask: nil, effects: [])
    }

    /// Gives the certificates of `dossier` in the safe (every list, or list `list`) back to
    /// their owner `recipient`, out of the safe: once a loan is repaid, or before its dossier is
    /// destroyed.
    public func returnCertificates(_ dossier: Dossier, list: Int?, to recipient: String, note: String?, actor: StaffMember,
                                   at time: Date) throws(Refusal) -> Step {
        guard definition.certificates != nil else { throw .noCertificates(workflow: definition.id) }
        var next = dossier
        var returned: [String] = []
        for index in next.certificateLists.indices where next.certificateLists[index].isInSafe && (list == nil || next.certificateLists[index].number == list) {
            next.certificateLists[index].returnedAt = time
            next.certificateLists[index].returnedTo = recipient
            returned.append(String(next.certificateLists[index].number))
        }
        guard !returned.isEmpty else { throw .noCertificatesInSafe(dossier: dossier.id, list: list) }
        next.revision += 1
        let event = DossierEvent(kind: .certificatesReturned, actor: actor.id, at: time, fromState: dossier.stateID, toState: dossier.stateID,
                                 note: note, details: ["lists": returned.joined(separator: " "), "to": recipient])
        return Step(dossier: next, events: [event], closedTask: nil, effects: [])
    }
}
