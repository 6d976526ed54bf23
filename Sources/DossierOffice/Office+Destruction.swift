import DossierDefinition
import DossierEngine
import DossierStore
import Foundation

/// A registered dossier past its retention, as `dossier destruction candidates` lists it.
package struct DestructionCandidate: Sendable, Hashable {
    package var archiveNumber: String
    package var dossier: Int
    package var workflow: String
    package var registeredAt: Date
    /// The last day it was kept.
    package var keptUntil: CalendarDate
    /// What still keeps it from being destroyed (a legal hold, certificates in the safe, a loan).
    package var obstacles: [String]
}

extension Office {
    /// The workflow a destruction list runs on, by default.
    package static let destructionWorkflow = "destruction"

    /// Every registered dossier whose retention is over at this moment, by registration, with
    /// what still keeps each from being destroyed. Read by an administrator or by whoever may
    /// propose a destruction list (the staff roles of its `starter` role).
    package func destructionCandidates(workflow: String = Office.destructionWorkflow) throws -> [DestructionCandidate] {
        let actor = try actor()
        var proposers: [String] = []
        for role in try engine(workflow: workflow).definition.roles.filter({ $0.binding == .starter }).flatMap(\.staffRoles)
        where role != Self.administratorRole && !proposers.contains(role) {
            proposers.append(role)
        }
        if !actor.roles.contains(Self.administratorRole), Set(actor.roles).isDisjoint(with: proposers) {
            throw OfficeError.notPermitted(person: actor.id, what: "list the dossiers past retention", needs: [Self.administratorRole] + proposers)
        }
        var candidates: [DestructionCandidate] = []
        for registered in try store.registeredNumbers(workflow: nil) {
            guard let dossier = try store.dossier(registered.dossierID), dossier.stateID != WorkflowState.destroyedID else { continue }
            let engine = try engine(workflow: dossier.workflowID, version: dossier.workflowVersion)
            guard let until = engine.retainedUntil(dossier, registeredAt: registered.assignedAt), until < Self.localTime.date(of: time) else { continue }
            let subject = try registeredSubject(dossier, registered: registered)
            candidates.append(DestructionCandidate(archiveNumber: registered.number, dossier: dossier.id, workflow: dossier.workflowID,
                                                   registeredAt: registered.assignedAt, keptUntil: until,
                                                   obstacles: engine.disposalObstacles(subject, at: time)))
        }
        return candidates
    }


    /// Places a legal hold on the dossier numbered `archiveNumber` (`placing`), or releases it,
    /// with the reason: an administrator only. A held dossier is never destroyed.
    package func hold(_ archiveNumber: String, placing: Bool, reason: String) throws -> Int {
        let actor = try requireStaffRole(Self.administratorRole, for: placing ? "place a legal hold" : "release a legal hold")
        guard let id = try store.registeredDossier(archiveNumber: archiveNumber) else {
            throw OfficeError.refused("there is no registered dossier \(archiveNumber); `dossier register` lists them")
        }
        let (dossier, engine) = try dossier(id)
        let step = try engine.hold(dossier, placing: placing, reason: reason, actor: actor, at: time)
        _ = try store.commit(step, readAt: dossier.revision, at: moment, archiveNumbers: nil)
        return id
    }
}

extension Office {
    /// What the destruction register (销毁登记簿) is printed with: every destroyed dossier in the
    /// order of registration, with when, by whom and how, in front of whom, on which list, why,
    /// and who approved that list.
    func destructionRegisterValues() throws -> [String: Any] {
        var lines: [[String: Any]] = []
        for registered in try store.registeredNumbers(workflow: nil) {
            guard let dossier = try store.dossier(registered.dossierID), dossier.stateID == WorkflowState.destroyedID,
                  let destroyed = try store.events(dossier: dossier.id).last(where: { $0.kind == DossierEvent.Kind.destroyed.rawValue }) else { continue }
            var line: [String: Any] = [
                "number": lines.count + 1, "archive_number": registered.number, "dossier": dossier.id, "workflow": dossier.workflowID,
                "destroyed_at": Self.local(destroyed.at), "destroyed_by": destroyed.actor, "method": destroyed.details["method"] ?? "-",
                "witnesses": (destroyed.details["witnesses"] ?? "").split(separator: " ").joined(separator: ", "),
                "list": destroyed.details["list"] ?? "-", "reason": "-", "approved_by": "-",
            ]
            if let listID = destroyed.details["list"].flatMap({ Int($0) }), let (list, engine) = try? self.dossier(listID) {
                line["reason"] = list.fields["reason"] ?? "-"
                // Whoever moved the list into the state it was carried out from approved it.
                if let approved = engine.definition.states.first(where: { $0.transitions.contains { $0.effects.contains(.dispose) } }),
                   let approval = try store.events(dossier: listID).first(where: { $0.kind == "transitioned" && $0.toState == approved.id }) {
                    line["approved_by"] = approval.actor
                }
            }
            lines.append(line)
        }
        return ["printed": Self.local(time), "count": lines.count, "lines": lines]
    }
}
