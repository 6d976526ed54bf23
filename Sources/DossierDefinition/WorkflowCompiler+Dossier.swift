import DossierXML
import Foundation

/// The sections about the dossier itself: checklist, certificates, archive numbers,
/// confidentiality and lending.
extension WorkflowCompilation {
    mutating func compileChecklist(_ element: XMLTree.Element) -> Checklist {
        let reader = ElementReader(element, allowed: ["copies"], sink: sink)
        let copies = reader.identifiers("copies") ?? []
        for copy in copies where copy != "dossier" {
            symbols.refer(to: .role, copy, at: reader.site("copies"))
        }
        var sections: [Checklist.Section] = []
        let children = reader.children(allowed: ["section"], namespace: namespace)
        if children.isEmpty { sink.error(element.location, .structure, "<checklist> needs at least one <section>") }
        for sectionElement in children {
            let sectionReader = ElementReader(sectionElement, allowed: ["id", "title"], sink: sink)
            let sectionID = sectionReader.identifier("id", required: true)
            let sectionTitle = sectionReader.label("title", required: true)
            if let sectionID { symbols.declare(.section, sectionID, at: sectionReader.site("id"), sink: sink) }
            var items: [ChecklistItem] = []
            let itemElements = sectionReader.children(allowed: ["item"], namespace: namespace)
            if itemElements.isEmpty { sink.error(sectionElement.location, .structure, "<section> needs at least one <item>") }
            for itemElement in itemElements {
                let itemReader = ElementReader(itemElement, allowed: ["id", "title", "signatures", "pages", "required", "kind", "original"], sink: sink)
                let id = itemReader.identifier("id", required: true)
                let title = itemReader.label("title", required: true)
                var signatures: [ChecklistItem.Signature] = []
                for token in (itemReader.string("signatures") ?? "").whitespaceSeparated {
                    if let signature = ChecklistItem.Signature(rawValue: String(token)) {
                        if !signatures.contains(signature) { signatures.append(signature) }
                    } else {
                        let hint = Suggestions.closest(to: String(token), in: ["customer", "internal"]).map { "; did you mean '\($0)'?" } ?? ""
                        sink.error(itemReader.location(of: "signatures"), .structure,
                                   "'\(token)' in signatures=\"\(itemReader.string("signatures") ?? "")\" is not customer or internal\(hint)")
                    }
                }
                let pages = itemReader.integer("pages")
                if let pages, pages < 1 {
                    sink.error(itemReader.location(of: "pages"), "pages=\"\(pages)\": an item has at least 1 page")
                }
                let kind: ChecklistItem.Kind = itemReader.choice("kind") ?? .document
                if let id { symbols.declare(.item, id, at: itemReader.site("id"), sink: sink) }
                if let id, let title {
                    items.append(ChecklistItem(id: id, title: title, signatures: signatures, expectedPages: pages,
                                               isRequired: itemReader.boolean("required") ?? true, kind: kind,
                                               isOriginal: itemReader.boolean("original") ?? false))
                }
            }
            if let sectionID, let sectionTitle {
                sections.append(Checklist.Section(id: sectionID, title: sectionTitle, items: items))
            }
        }
        return Checklist(copies: copies, sections: sections)
    }

    mutating func compileCertificates(_ element: XMLTree.Element) -> CertificateRules? {
        let reader = ElementReader(element, allowed: ["signed-by", "keeper"], sink: sink)
        let signedBy = reader.identifiers("signed-by", required: true)
        let keeper = reader.identifier("keeper", required: true)
        for role in signedBy ?? [] { symbols.refer(to: .role, role, at: reader.site("signed-by")) }
        if let keeper { symbols.refer(to: .role, keeper, at: reader.site("keeper")) }
        var kinds: [CertificateRules.Kind] = []
        let children = reader.children(allowed: ["certificate"], namespace: namespace)
        if children.isEmpty { sink.error(element.location, .structure, "<certificates> needs at least one <certificate>") }
        for child in children {
            let kindReader = ElementReader(child, allowed: ["id", "title"], sink: sink)
            let id = kindReader.identifier("id", required: true)
            let title = kindReader.label("title", required: true)
            if let id { symbols.declare(.certificate, id, at: kindReader.site("id"), sink: sink) }
            if let id, let title { kinds.append(.init(id: id, title: title)) }
        }
        guard let signedBy, let keeper else { return nil }
        return CertificateRules(signedBy: signedBy, keeper: keeper, kinds: kinds)
    }

    /// `<register fields="…" roles="…"/>`: which fields and roles identify a registered dossier.
    mutating func compileRegister(_ element: XMLTree.Element) -> RegisterColumns? {
        let reader = ElementReader(element, allowed: ["fields", "roles"], sink: sink)
        _ = reader.children(allowed: [], namespace: namespace)
        if !hasArchiveNumber {
            sink.error(reader.location, "<register> without <archive-number>: a dossier of this workflow is never registered; add <archive-number pattern=\"…\"/> before it, or remove <register>")
        }
        let fields = reader.identifiers("fields") ?? [], roles = reader.identifiers("roles") ?? []
        if element.attribute("fields") == nil, element.attribute("roles") == nil {
            sink.error(reader.location, "<register> names nothing to show: add fields=\"…\" and roles=\"…\" (for example fields=\"customer\" roles=\"a b\")")
            return nil
        }
        for (name, kind, ids) in [("fields", SymbolTable.Kind.field, fields), ("roles", .role, roles)] {
            var seen: Set<String> = []
            for id in ids {
                if !seen.insert(id).inserted {
                    sink.error(reader.location(of: name), "'\(id)' is named twice in \(name) of <register>; name each once")
                }
                symbols.refer(to: kind, id, at: reader.site(name))
            }
        }
        return RegisterColumns(fieldIDs: fields, roleIDs: roles)
    }

    mutating func compileArchiveNumber(_ element: XMLTree.Element) -> ArchiveNumberPattern? {
        let reader = ElementReader(element, allowed: ["pattern", "sequence-per", "max-length", "contract-suffix"], sink: sink)
        _ = reader.children(allowed: [], namespace: namespace)
        let scope: ArchiveNumberPattern.SequenceScope = reader.choice("sequence-per") ?? .never
        let maximumLength = reader.integer("max-length")
        guard let source = reader.string("pattern", required: true) else { return nil }
        let at = reader.location(of: "pattern")
        var dateFields: [String] = []
        guard let tokens = parsePattern(source, placeholders: ["yyyy", "yy", "mm", "seq"], at: at, dateFields: &dateFields) else { return nil }
        let dateField = checkPatternDateField(dateFields, tokens: tokens, source: source, site: reader.site("pattern"))
        let sequences = tokens.filter { if case .sequence = $0 { return true } else { return false } }
        if sequences.isEmpty {
            sink.error(at, "pattern=\"\(source)\" has no {seq:N}: every archive number needs a sequence to be unique")
        } else if sequences.count > 1 {
            sink.error(at, "pattern=\"\(source)\" has \(sequences.count) {seq:N} placeholders; use exactly one")
        }
        let hasYear = tokens.contains(.year) || tokens.contains(.shortYear)
        if scope == .year, !hasYear {
            sink.error(reader.location(of: "sequence-per"),
                       "sequence-per=\"year\" restarts the sequence every year, but pattern=\"\(source)\" has no {yyyy} or {yy}: numbers would repeat")
        }
        if scope == .month, !(hasYear && tokens.contains(.month)) {
            sink.error(reader.location(of: "sequence-per"),
                       "sequence-per=\"month\" restarts the sequence every month, but pattern=\"\(source)\" lacks {mm} or a year: numbers would repeat")
        }
        var suffix: ContractSuffix?
        if let raw = reader.string("contract-suffix") {
            suffix = parseContractSuffix(raw, at: reader.location(of: "contract-suffix"))
        }
        let pattern = ArchiveNumberPattern(source: source, tokens: tokens, sequencePer: scope,
                                           maximumLength: maximumLength, contractSuffix: suffix, dateField: dateField)
        if let maximumLength {
            if maximumLength < 1 {
                sink.error(reader.location(of: "max-length"), "max-length=\"\(maximumLength)\" must be at least 1")
            } else if pattern.length > maximumLength {
                sink.error(at, "archive numbers from pattern=\"\(source)\" are \(pattern.length) characters long, more than max-length=\"\(maximumLength)\"")
            }
        }
        return pattern
    }

    /// The one date field the pattern's date placeholders name (`{yyyy:month-end}`), checked to be
    /// a required date or datetime field; `nil` when they write the filing date.
    mutating func checkPatternDateField(_ named: [String], tokens: [ArchiveNumberPattern.Token], source: String,
                                        site: AttributeSite) -> String? {
        guard let field = named.first else { return nil }
        let dates = tokens.filter { [.year, .shortYear, .month].contains($0) }.count
        guard Set(named).count == 1, named.count == dates else {
            sink.error(site.location, "pattern=\"\(source)\" takes its dates from more than one source; name the same date field in every date placeholder, as in {yyyy:\(field)}{mm:\(field)}")
            return nil
        }
        symbols.refer(to: .field, field, at: site, written: source)
        if let kind = fieldKinds[field], kind != .date, kind != .datetime {
            sink.error(site.location, "pattern=\"\(source)\" takes its year and month from field '\(field)', a \(kind.rawValue) field; name a date or datetime field")
        } else if fieldKinds[field] != nil, !requiredFields.contains(field) {
            sink.error(site.location, "pattern=\"\(source)\" takes its year and month from field '\(field)', which is optional; an archive number needs that date, so make the field required")
        }
        return field
    }

    /// Splits `{name}` and `{name:N}` placeholders from literal text; the date placeholders may
    /// name a date field (`{yyyy:month-end}`), collected in `dateFields`.
    func parsePattern(_ source: String, placeholders: [String], at location: SourceLocation,
                      dateFields: inout [String]) -> [ArchiveNumberPattern.Token]? {
        var tokens: [ArchiveNumberPattern.Token] = []
        var literal = ""
        var rest = Substring(source)
        var failed = false
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                sink.error(location, "pattern=\"\(source)\" has a '{' without a closing '}'")
                return nil
            }
            let body = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            let parts = body.split(separator: ":", omittingEmptySubsequences: false)
            let name = String(parts[0])
            let width = parts.count == 2 ? Int(parts[1]) : nil
            let token: ArchiveNumberPattern.Token?
            if parts.count == 2, ["yyyy", "yy", "mm"].contains(name) {
                guard ElementReader.isIdentifier(String(parts[1])) else {
                    sink.error(location, "{\(body)} in pattern=\"\(source)\": after the colon comes a date field's id, as in {\(name):month-end}")
                    failed = true
                    continue
                }
                dateFields.append(String(parts[1]))
            }
            switch (name, parts.count) {
            case ("yyyy", 1...2) where width == nil: token = .year
            case ("yy", 1...2) where width == nil: token = .shortYear
            case ("mm", 1...2) where width == nil: token = .month
            case ("seq", 2) where width.map({ (1...9).contains($0) }) ?? false: token = .sequence(width: width ?? 1)
            case ("seq", _):
                sink.error(location, "{\(body)} needs a width from 1 to 9, as in {seq:3}")
                token = nil
            default:
                let hint = Suggestions.closest(to: name, in: placeholders).map { " (did you mean {\($0)}?)" } ?? ""
                sink.error(location, "unknown placeholder {\(body)} in pattern=\"\(source)\"\(hint); use {yyyy}, {yy}, {mm} or {seq:N}")
                token = nil
            }
            guard let token else { failed = true; continue }
            if !literal.isEmpty { tokens.append(.literal(literal)); literal = "" }
            tokens.append(token)
        }
        literal += rest
        if !literal.isEmpty { tokens.append(.literal(literal)) }
        return failed ? nil : tokens
    }

    func parseContractSuffix(_ raw: String, at location: SourceLocation) -> ContractSuffix? {
        guard let open = raw.firstIndex(of: "{"), let close = raw[open...].firstIndex(of: "}") else {
            sink.error(location, "contract-suffix=\"\(raw)\" has no {n:N} for the contract's number")
            return nil
        }
        let body = raw[raw.index(after: open)..<close]
        guard body.hasPrefix("n:"), let width = Int(body.dropFirst(2)), (1...9).contains(width),
              !raw[raw.index(after: close)...].contains("{") else {
            sink.error(location, "contract-suffix=\"\(raw)\" must contain exactly one {n:N} with N from 1 to 9, as in -{n:2}")
            return nil
        }
        return ContractSuffix(prefix: String(raw[..<open]), width: width, suffix: String(raw[raw.index(after: close)...]))
    }

    mutating func compileConfidentiality(_ element: XMLTree.Element) -> Confidentiality {
        let reader = ElementReader(element, allowed: ["default"], sink: sink)
        let defaultLevel = reader.identifier("default")
        if let defaultLevel { symbols.refer(to: .level, defaultLevel, at: reader.site("default")) }
        var levels: [ConfidentialityLevel] = []
        for child in reader.children(allowed: ["level"], namespace: namespace) {
            let levelReader = ElementReader(child, allowed: ["id", "title", "readers", "approvers", "local-approvers", "take-away"],
                                            sink: sink)
            let id = levelReader.identifier("id", required: true)
            let stepElements = levelReader.children(allowed: ["step"], namespace: namespace)
            var steps: [ApprovalStep] = []
            if stepElements.isEmpty {
                // One step, named on the level itself.
                if let step = compileApprovalStep(levelReader, allowsDepartment: false) { steps.append(step) }
            } else {
                for attribute in ["approvers", "local-approvers"] where child.attribute(attribute) != nil {
                    sink.error(levelReader.location(of: attribute), .structure,
                               "\(attribute)= belongs on each <step> of a level whose slips are approved in steps; move it there")
                }
                steps = stepElements.compactMap { compileApprovalStep(ElementReader($0, allowed: ["approvers", "local-approvers", "department", "title"], sink: sink),
                                                                      allowsDepartment: true) }
            }
            if let id { symbols.declare(.level, id, at: levelReader.site("id"), sink: sink) }
            let readers = levelReader.identifiers("readers") ?? []
            referToStaffRoles(readers, at: levelReader.site("readers"), except: [ConfidentialityLevel.owner, ConfidentialityLevel.sameDepartment])
            if let id, !steps.isEmpty, steps.count == max(stepElements.count, 1) {
                levels.append(ConfidentialityLevel(id: id, title: levelReader.label("title"), readers: readers, steps: steps,
                                                   mayBeTakenAway: levelReader.boolean("take-away") ?? true))
            }
        }
        return Confidentiality(defaultLevelID: defaultLevel, levels: levels)
    }

    /// One step of a level's approval: `approvers`, the `local-approvers` among them, and (on a
    /// `<step>`) whose `department` those share: the dossier's (default) or the borrower's.
    mutating func compileApprovalStep(_ reader: ElementReader, allowsDepartment: Bool) -> ApprovalStep? {
        if allowsDepartment { _ = reader.children(allowed: [], namespace: namespace) }
        let approvers = reader.identifiers("approvers", required: true)
        let local = reader.identifiers("local-approvers") ?? []
        if let approvers, let stray = local.first(where: { !approvers.contains($0) }) {
            sink.error(reader.location(of: "local-approvers"),
                       "local-approvers=\"\(stray)\" is not one of the \(allowsDepartment ? "step" : "level")'s approvers (\(approvers.joined(separator: " "))); list it in approvers too")
        }
        referToStaffRoles(approvers ?? [], at: reader.site("approvers"))
        let department: ApprovalStep.Department = allowsDepartment ? reader.choice("department") ?? .dossier : .dossier
        if allowsDepartment, reader.string("department") != nil, local.isEmpty {
            sink.error(reader.location(of: "department"), "department= says whose department the step's local approvers share, but it names no local-approvers=; list them, or remove department=")
        }
        if department == .borrower, !local.isEmpty { borrowerDepartmentSites.append(reader.site("department")) }
        guard let approvers else { return nil }
        return ApprovalStep(approvers: approvers, localApprovers: local, department: department, title: allowsDepartment ? reader.label("title") : nil)
    }

    mutating func compileLending(_ element: XMLTree.Element) -> LendingRules? {
        let reader = ElementReader(element, allowed: ["max-period", "unit", "direct", "same-day"], sink: sink)
        let amount = reader.integer("max-period", required: true)
        let unit: Period.Unit? = reader.choice("unit", required: true)
        let sameDay = reader.identifiers("same-day") ?? []
        for item in sameDay {
            if !hasChecklist {
                sink.error(reader.location(of: "same-day"), "same-day=\"\(item)\" names a checklist item, but the workflow has no <checklist>")
                break
            }
            symbols.refer(to: .item, item, at: reader.site("same-day"))
        }
        if let amount, amount < 1 {
            sink.error(reader.location(of: "max-period"), "max-period=\"\(amount)\": a loan period must be at least 1")
        }
        reader.checkLength("max-period", amount, unit, what: "a loan")
        let direct = reader.identifiers("direct") ?? []
        referToStaffRoles(direct, at: reader.site("direct"))
        guard let amount, let unit else { return nil }
        return LendingRules(maximumPeriod: Period(amount, unit), directBorrowers: direct, sameDayItems: sameDay)
    }
}
