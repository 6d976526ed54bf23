import DossierDefinition
import DossierEngine

/// What identifies a dossier at the head of each of its documents: the fields its workflow's
/// `<register>` names, with their titles, as the register shows them.
public enum Particulars {
    /// The `particulars` a template lists, `{{title}}: {{value}}`, "-" for a field left empty.
    public static func values(of dossier: Dossier, definition: WorkflowDefinition) -> [[String: Any]] {
        definition.register.fieldIDs.map { id in
            ["title": definition.field(id)?.title ?? id, "value": dossier.fields[id].flatMap { $0.isEmpty ? nil : $0 } ?? "-"]
        }
    }
}
