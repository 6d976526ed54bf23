import DossierXML

/// `<catalogue>`: what a dossier's printed catalogue lists.
extension WorkflowCompilation {
    /// Reads `<catalogue of="…" state="…" title="…"/>`. A catalogue of this workflow's own
    /// dossiers is checked here; another workflow's states are checked by ``DefinitionLoader``
    /// against the workflows loaded or deployed with it. The catalogue lists the office's
    /// dossiers, so a schedule that starts one dossier per department cannot have one.
    mutating func compileCatalogue(_ element: XMLTree.Element, workflowID: String?, states: [WorkflowState], schedule: Schedule?) -> Catalogue? {
        let reader = ElementReader(element, allowed: ["of", "state", "title"], sink: sink)
        _ = reader.children(allowed: [], namespace: namespace)
        let workflow = reader.identifier("of", required: true)
        let state = reader.identifier("state", required: true)
        let title = reader.label("title")
        if schedule?.perDepartment == true {
            sink.error(reader.location, "<catalogue> lists the whole office's dossiers, but the <schedule> starts one dossier per department, so each department's would list them all again; remove per=\"department\" or the catalogue")
        }
        guard let workflow, let state else { return nil }
        if workflow == workflowID, !states.isEmpty, !states.contains(where: { $0.id == state }) {
            sink.error(reader.location(of: "state"), "state=\"\(state)\" is not a state of this workflow"
                + Suggestions.hint(for: state, in: states.map(\.id), plural: "states"))
        }
        return Catalogue(workflowID: workflow, stateID: state, title: title ?? "Catalogue of \(workflow) dossiers (\(state))")
    }
}

extension DefinitionLoader {
    /// Checks each catalogue that names another workflow against that workflow's states: one
    /// among `files`, else the deployed one `deployedStates` finds. A workflow found in neither
    /// is an error when deploying (`deployedStates` given) and a warning when only validating.
    /// A workflow among the files that did not compile has its own errors; it is not checked
    /// against.
    static func checkCatalogues(_ files: inout [DefinitionFile], trees: [XMLTree?], deployedStates: ((String) -> Set<String>?)?) {
        var loaded: [String: Set<String>] = [:]
        var failed: Set<String> = []
        for (file, tree) in zip(files, trees) {
            if case .workflow(let workflow)? = file.content {
                loaded[workflow.id] = Set(workflow.states.map(\.id))
            } else if file.content == nil, let root = tree?.root, root.name == "workflow", let id = root.attribute("id") {
                failed.insert(id)
            }
        }
        for index in files.indices {
            guard case .workflow(let workflow)? = files[index].content, let catalogue = workflow.catalogue,
                  catalogue.workflowID != workflow.id, !failed.contains(catalogue.workflowID),
                  let element = trees[index]?.root?.child(named: "catalogue") else { continue }
            var found: Diagnostic?
            if let states = loaded[catalogue.workflowID] ?? deployedStates?(catalogue.workflowID) {
                if !states.contains(catalogue.stateID) {
                    found = .error(at: element.location(ofAttribute: "state"), stage: .semantic,
                                   "state=\"\(catalogue.stateID)\" is not a state of workflow \(catalogue.workflowID)"
                                       + Suggestions.hint(for: catalogue.stateID, in: states.sorted(), plural: "states"))
                }
            } else {
                let message = "of=\"\(catalogue.workflowID)\" names a workflow that is not among these files"
                found = deployedStates != nil
                    ? .error(at: element.location(ofAttribute: "of"), stage: .semantic, message + " and is not deployed; deploy its file with this one")
                    : Diagnostic(.warning, at: element.location(ofAttribute: "of"), stage: .semantic,
                                 message + "; its states are checked when both are checked or deployed together")
            }
            guard let found else { continue }
            files[index].diagnostics = (files[index].diagnostics + [found]).sorted { $0.location < $1.location }
            if found.severity == .error { files[index].content = nil }
        }
    }
}
