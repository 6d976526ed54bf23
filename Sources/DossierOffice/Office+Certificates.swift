import DossierDefinition
import DossierEngine
import DossierStore

/// A dossier's latest certificate hand-over list after a change: its lines, whether it was
/// handed over, whose signatures were cleared by the change and whose are still awaited.
package struct CertificateListChange: Sendable, Hashable {
    package var dossierID: Int
    package var list: CertificateList?
    /// The role the acting person signed as, when they signed.
    package var signedAs: String?
    /// The roles whose signatures the change cleared (they sign again).
    package var cleared: String?
    /// The signing roles still awaited.
    package var awaited: [String]
}

extension Office {
    /// Puts a certificate on dossier `id`'s draft hand-over list.
    package func addCertificate(dossier id: Int, kind: String, number: String, quantity: Int) throws -> CertificateListChange {
        try changeCertificates(dossier: id) { engine, dossier, actor in
            try engine.addCertificate(dossier, kind: kind, number: number, quantity: quantity, actor: actor, at: time)
        }
    }

    /// Takes a certificate off dossier `id`'s draft list.
    package func removeCertificate(dossier id: Int, number: String) throws -> CertificateListChange {
        try changeCertificates(dossier: id) { engine, dossier, actor in
            try engine.removeCertificate(dossier, number: number, actor: actor, at: time)
        }
    }

    /// Signs dossier `id`'s draft list for the acting person's role; the last signature hands it over.
    package func signCertificates(dossier id: Int) throws -> CertificateListChange {
        try changeCertificates(dossier: id) { engine, dossier, actor in
            try engine.signCertificates(dossier, actor: actor, at: time)
        }
    }

    private func changeCertificates(dossier id: Int,
                                    _ change: (WorkflowEngine, Dossier, StaffMember) throws -> WorkflowEngine.Step) throws -> CertificateListChange {
        let actor = try actor()
        let (current, engine) = try dossier(id)
        let step = try change(engine, current, actor)
        _ = try store.commit(step, readAt: current.revision, at: moment, archiveNumbers: nil)
        return CertificateListChange(dossierID: id, list: step.dossier.certificateLists.last,
                                     signedAs: step.events.first { $0.kind == .certificatesSigned }?.details["role"],
                                     cleared: step.events.first { $0.details["signatures-cleared"] != nil }?.details["signatures-cleared"],
                                     awaited: engine.certificateSignaturesAwaited(step.dossier))
    }
}

/// A certificate in the safe's book, with its kind's title and its list's signatures in the
/// workflow's order (`role=person`).
package struct CertificateLine: Sendable, Hashable {
    package var certificate: SafeCertificate
    package var title: String
    package var signed: String
}

extension Office {
    /// The certificates of `scope`, all dossiers' or dossier `id`'s.
    package func certificates(_ scope: CertificateScope, dossier id: Int?) throws -> [CertificateLine] {
        var lines: [CertificateLine] = []
        for certificate in try store.certificates(scope, dossier: id) {
            var definition: WorkflowDefinition?
            if let dossier = try store.dossier(certificate.dossierID) {
                definition = try engine(workflow: dossier.workflowID, version: dossier.workflowVersion).definition
            }
            let title = definition?.certificates?.kinds.first { $0.id == certificate.kind }?.title ?? certificate.kind
            let order = definition?.certificates?.signedBy ?? certificate.signatures.keys.sorted()
            let signed = order.compactMap { role in certificate.signatures[role].map { "\(role)=\($0)" } }.joined(separator: " ")
            lines.append(CertificateLine(certificate: certificate, title: title, signed: signed))
        }
        return lines
    }
}

/// Certificates moved out of a keeper's hands: to another keeper, or back to their owner.
package struct CertificateMove: Sendable, Hashable {
    package var dossierID: Int
    /// The lists moved.
    package var lists: [Int]
    /// Who kept them.
    package var from: [String]
    /// The new keeper, or the owner they went back to.
    package var to: String
    /// Whether they left the safe, back to their owner.
    package var returned: Bool
}

extension Office {
    /// Hands dossier `id`'s certificates in the safe (every list, or `list`) to keeper `person`:
    /// by their keeper or an administrator, to someone who may keep them.
    package func handCertificates(dossier id: Int, list: Int?, to person: String) throws -> CertificateMove {
        try moveCertificates(dossier: id, list: list, what: "hand over certificates kept by") { engine, dossier, actor in
            try engine.handCertificates(dossier, list: list, to: person, actor: actor, staff: try staff([person]), at: time)
        }
    }

    /// Gives dossier `id`'s certificates in the safe (every list, or `list`) back to their owner
    /// `recipient`, out of the safe: by their keeper or an administrator.
    package func returnCertificates(dossier id: Int, list: Int?, to recipient: String, note: String?) throws -> CertificateMove {
        try moveCertificates(dossier: id, list: list, what: "return certificates kept by") { engine, dossier, actor in
            try engine.returnCertificates(dossier, list: list, to: recipient, note: note, actor: actor, at: time)
        }
    }

    private func moveCertificates(dossier id: Int, list: Int?, what: String,
                                  _ move: (WorkflowEngine, Dossier, StaffMember) throws -> WorkflowEngine.Step) throws -> CertificateMove {
        let actor = try actor()
        let (current, engine) = try dossier(id)
        let keepers = Set(current.certificateLists.filter { $0.isInSafe && (list == nil || $0.number == list) }.compactMap(\.keeper))
        if !actor.roles.contains(Self.administratorRole), !keepers.isEmpty, !keepers.contains(actor.id) {
            throw OfficeError.notPermitted(person: actor.id, what: "\(what) \(keepers.sorted().joined(separator: ", "))",
                                           needs: [Self.administratorRole])
        }
        let step = try move(engine, current, actor)
        _ = try store.commit(step, readAt: current.revision, at: moment, archiveNumbers: nil)
        let event = step.events.first
        return CertificateMove(dossierID: id, lists: (event?.details["lists"] ?? "").split(separator: " ").compactMap { Int($0) },
                               from: (event?.details["from"] ?? keepers.sorted().joined(separator: " ")).split(separator: " ").map(String.init),
                               to: event?.details["to"] ?? "", returned: event?.kind == .certificatesReturned)
    }
}
