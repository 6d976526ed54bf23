import DossierXML

/// Restorations: workflows a recorded fine starts (`<fine restore="…">`) for the person fined
/// to restore what was lost or damaged.
extension WorkflowCompilation {
    /// A restoration has one person to restore (one role bound `fined`) and starts only when a
    /// fine is recorded, so it cannot also start on a schedule.
    func checkRestoration(roles: [Role], schedule: Schedule?, roleSites: [String: AttributeSite]) {
        let fined = roles.filter { $0.binding == .fined }
        for extra in fined.dropFirst() {
            sink.error(roleSites[extra.id]?.location ?? SourceLocation(file: "", line: 0),
                       "role '\(extra.id)' is bound=\"fined\" like role '\(fined[0].id)'; a fine is recorded on one person, so only one role is bound fined")
        }
        if let first = fined.first, schedule != nil {
            sink.error(roleSites[first.id]?.location ?? SourceLocation(file: "", line: 0),
                       "role '\(first.id)' is bound=\"fined\", so dossiers of this workflow start when a fine is recorded, but the workflow also has a <schedule>; keep one of them")
        }
    }
}

extension DefinitionLoader {
    /// Checks each `restore=` against the workflow it names: one among `files`, else a deployed
    /// one `deployedRoles` finds, which must have a role bound `fined`. A workflow found in
    /// neither is an error when deploying and a warning when only validating.
    static func checkRestorations(_ files: inout [DefinitionFile], trees: [XMLTree?],
                                  deployedRoles: ((String) -> [Role]?)?) {
        var loaded: [String: [Role]] = [:]
        var failed: Set<String> = []
        for (file, tree) in zip(files, trees) {
            if case .workflow(let workflow)? = file.content {
                loaded[workflow.id] = workflow.roles
            } else if file.content == nil, let root = tree?.root, root.name == "workflow", let id = root.attribute("id") {
                failed.insert(id)
            }
        }
        for index in files.indices {
            guard case .workflow(let workflow)? = files[index].content, let root = trees[index]?.root else { continue }
            var found: [Diagnostic] = []
            for fine in workflow.fines {
                guard let restore = fine.restoreWorkflowID, !failed.contains(restore),
                      let element = root.child(named: "fines")?.children.first(where: { $0.name == "fine" && $0.attribute("id") == fine.id })
                else { continue }
                let location = element.location(ofAttribute: "restore")
                if let roles = loaded[restore] ?? deployedRoles?(restore) {
                    if !roles.contains(where: { $0.binding == .fined }) {
                        found.append(.error(at: location, stage: .semantic,
                                            "restore=\"\(restore)\" names a workflow with no role bound=\"fined\", so it has nobody to restore what was lost; give one of its roles bound=\"fined\""))
                    }
                } else {
                    let message = "restore=\"\(restore)\" names a workflow that is not among these files"
                    found.append(deployedRoles != nil
                        ? .error(at: location, stage: .semantic, message + " and is not deployed; deploy its file with this one")
                        : Diagnostic(.warning, at: location, stage: .semantic, message + "; it is checked when both are checked or deployed together"))
                }
            }
            guard !found.isEmpty else { continue }
            files[index].diagnostics = (files[index].diagnostics + found).sorted { $0.location < $1.location }
            if found.contains(where: { $0.severity == .error }) { files[index].content = nil }
        }
    }
}
