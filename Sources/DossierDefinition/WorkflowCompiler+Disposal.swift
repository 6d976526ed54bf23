import DossierXML

/// `<retention>` and `<acts-on>`: how long registered dossiers are kept, and the dossiers a
/// destruction list destroys.
extension WorkflowCompilation {
    /// Reads `<retention years="…" from="registered|FIELD"/>`. Only a workflow that registers
    /// its dossiers keeps them for a time; `from` names a date field when not `registered`.
    mutating func compileRetention(_ element: XMLTree.Element, fields: [Field]) -> Retention? {
        let reader = ElementReader(element, allowed: ["years", "from"], sink: sink)
        _ = reader.children(allowed: [], namespace: namespace)
        let years = reader.integer("years", required: true)
        let from = reader.identifier("from") ?? "registered"
        if !hasArchiveNumber {
            sink.error(reader.location, "<retention> says how long registered dossiers are kept, but this workflow gives no archive number; add an <archive-number> or remove the retention")
        }
        if let years, !(1...200).contains(years) {
            sink.error(reader.location(of: "years"), "years=\"\(years)\": dossiers are kept from 1 to 200 years")
        }
        var start = Retention.Start.registered
        if from != "registered" {
            if let field = fields.first(where: { $0.id == from }) {
                if field.kind != .date {
                    sink.error(reader.location(of: "from"), "from=\"\(from)\" is a \(field.kind.rawValue) field; the years are counted from a date field or from=\"registered\"")
                }
            } else {
                sink.error(reader.location(of: "from"), "from=\"\(from)\" is neither \"registered\" nor a field of this workflow"
                    + Suggestions.hint(for: from, in: ["registered"] + fields.filter { $0.kind == .date }.map(\.id), plural: "choices"))
            }
            start = .field(from)
        }
        guard let years else { return nil }
        return Retention(years: years, start: start)
    }

    /// Reads `<acts-on field="…" method-field="…" changes-field="…"/>`: the text field holding
    /// the archive numbers, the choice field saying how they are destroyed, and the text field
    /// holding a correction's changes.
    mutating func compileActsOn(_ element: XMLTree.Element, fields: [Field]) -> ActsOn? {
        let reader = ElementReader(element, allowed: ["field", "method-field", "changes-field", "custodian-role", "department-field"], sink: sink)
        let methodElements = reader.children(allowed: ["method"], namespace: namespace)
        let fieldID = reader.identifier("field", required: true)
        let methodID = reader.identifier("method-field")
        let changesID = reader.identifier("changes-field")
        let custodian = reader.identifier("custodian-role")
        if let custodian { symbols.refer(to: .role, custodian, at: reader.site("custodian-role")) }
        let departmentID = reader.identifier("department-field")
        for (attribute, id) in [("field", fieldID), ("method-field", methodID), ("changes-field", changesID), ("department-field", departmentID)] {
            guard let id else { continue }
            guard let field = fields.first(where: { $0.id == id }) else {
                sink.error(reader.location(of: attribute), "\(attribute)=\"\(id)\" is not a field of this workflow"
                    + Suggestions.hint(for: id, in: fields.map(\.id), plural: "fields"))
                continue
            }
            let expected: Field.Kind = attribute == "method-field" ? .choice : .text
            if field.kind != expected {
                sink.error(reader.location(of: attribute), "\(attribute)=\"\(id)\" is a \(field.kind.rawValue) field; it must be a \(expected.rawValue) field")
            } else if attribute == "field" || attribute == "changes-field", !field.isRequired {
                sink.error(reader.location(of: attribute), "\(attribute)=\"\(id)\" must be required: a dossier that acts on other dossiers says on which and how when it starts")
            }
        }
        guard let fieldID else { return nil }
        var actsOn = ActsOn(fieldID: fieldID, methodFieldID: methodID, changesFieldID: changesID, custodianRoleID: custodian,
                            departmentFieldID: departmentID)
        let methodField = methodID.flatMap { id in fields.first { $0.id == id } }
        actsOn.methodLevels = compileMethods(methodElements, methodField: methodField)
        actsOn.methods = methodField?.values ?? []
        return actsOn
    }

    /// Reads each `<method value="…" levels="…"/>`: the confidentiality levels a destruction
    /// method may destroy ("confidential papers are shredded, other papers torn"). The value
    /// is one of the method field's choices, each named once.
    mutating func compileMethods(_ elements: [XMLTree.Element], methodField: Field?) -> [String: [String]] {
        var levels: [String: [String]] = [:]
        for element in elements {
            let reader = ElementReader(element, allowed: ["value", "levels"], sink: sink)
            _ = reader.children(allowed: [], namespace: namespace)
            let value = reader.identifier("value", required: true)
            let named = reader.identifiers("levels", required: true)
            guard let value, let named else { continue }
            guard let methodField else {
                sink.error(reader.location, "<method> says which levels a destruction method destroys; name the method's choice field with method-field=\"…\"")
                continue
            }
            if !methodField.values.contains(value) {
                sink.error(reader.location(of: "value"), "value=\"\(value)\" is not a choice of field '\(methodField.id)'"
                    + Suggestions.hint(for: value, in: methodField.values, plural: "choices"))
                continue
            }
            if levels[value] != nil {
                sink.error(reader.location(of: "value"), "method '\(value)' is given its levels twice")
                continue
            }
            levels[value] = named
        }
        return levels
    }

    /// A destroyed dossier ends in the engine's own state `destroyed`, which no workflow may
    /// declare; and dossiers named by `<acts-on>` must be acted on by some transition.
    func checkDisposal(_ states: [WorkflowState], actsOn element: XMLTree.Element?) {
        let effects = Set(states.flatMap(\.transitions).flatMap(\.effects))
        if let element, effects.isDisjoint(with: [.dispose, .amend, .transferCustody]) {
            sink.error(element.location, "<acts-on> names the dossiers this workflow acts on, but no transition acts on them; add effect=\"dispose\" to the transition that destroys them, effect=\"amend\" to the one that corrects them or effect=\"transfer-custody\" to the one that moves them")
        }
        if let element, effects.contains(.transferCustody), element.attribute("custodian-role") == nil {
            sink.error(element.location, "effect 'transfer-custody' hands the dossiers to a new custodian: name the role of this workflow whose holder takes them with custodian-role=\"…\"")
        }
        if let element, effects.contains(.amend), element.attribute("changes-field") == nil {
            sink.error(element.location, "effect 'amend' applies the changes a correction holds: name the text field that holds them with changes-field=\"…\"")
        }
    }
}
